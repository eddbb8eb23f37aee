#!/usr/bin/perl
# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Writes the small MaxMind DB files of the tests into the directory given as
# the only argument, with Debian's libmaxmind-db-writer-perl.  The networks
# and their places are made up for the tests (AS numbers from the range
# RFC 5398 reserves for documentation); the "sample" pair maps the
# addresses of tests/data/everything.txt to the countries its story implies:
# the users in Germany, the intruder in chef@example.de's account from
# Nigeria, South Africa, Sweden and Norway, the password guessers elsewhere.
#
#   maxmind-city.mmdb     GeoIP2-City schema, IPv4 and IPv6, names in en and de
#   maxmind-country.mmdb  GeoIP2-Country schema
#   maxmind-asn.mmdb      GeoLite2-ASN schema
#   flat-city.mmdb        ip-location-db's dbip-city schema: floats, empty strings
#   flat-country.mmdb     ip-location-db's country schema (country_code only)
#   ipv4-only.mmdb        an IPv4 tree (ip_version 4)
#   ipv6-only.mmdb        an IPv6 tree holding only IPv6 networks
#   missing-fields.mmdb   records lacking fields, or with values out of range
#   wrong-types.mmdb      every field present with a type it must not have
#   sample-city.mmdb      the sample day's addresses, with GeoLite2's record shape
#   sample-city-next.mmdb the same a week later: one German network moved to AT
#   sample-asn.mmdb       AS numbers and organisations of the sample day
use strict;
use warnings;
use utf8;

use File::Spec;
use MaxMind::DB::Writer::Tree;

my $dir = shift @ARGV or die "usage: $0 OUTPUT_DIRECTORY\n";
-d $dir or mkdir $dir or die "cannot create $dir: $!\n";

my %maxmind_types = (
    city                           => 'map',
    continent                      => 'map',
    country                        => 'map',
    registered_country             => 'map',
    location                       => 'map',
    names                          => 'map',
    code                           => 'utf8_string',
    iso_code                       => 'utf8_string',
    geoname_id                     => 'uint32',
    latitude                       => 'double',
    longitude                      => 'double',
    accuracy_radius                => 'uint16',
    time_zone                      => 'utf8_string',
    autonomous_system_number       => 'uint32',
    autonomous_system_organization => 'utf8_string',
    subdivisions                   => [ 'array', 'map' ],
    postal                         => 'map',
    metro_code                     => 'uint16',
    is_in_european_union           => 'boolean',
);

my %flat_types = (
    country_code => 'utf8_string',
    state1       => 'utf8_string',
    state2       => 'utf8_string',
    city         => 'utf8_string',
    postcode     => 'utf8_string',
    latitude     => 'float',
    longitude    => 'float',
    timezone     => 'utf8_string',
);

my %wrong_types = (
    %maxmind_types,
    iso_code                       => 'uint32',
    names                          => 'utf8_string',
    latitude                       => 'utf8_string',
    longitude                      => 'utf8_string',
    accuracy_radius                => 'utf8_string',
    autonomous_system_number       => 'utf8_string',
    autonomous_system_organization => 'uint32',
);

my %continents = (
    DE => [ 'EU', 'Europe',        'Europa' ],
    AT => [ 'EU', 'Europe',        'Europa' ],
    NO => [ 'EU', 'Europe',        'Europa' ],
    SE => [ 'EU', 'Europe',        'Europa' ],
    LT => [ 'EU', 'Europe',        'Europa' ],
    RO => [ 'EU', 'Europe',        'Europa' ],
    RU => [ 'EU', 'Europe',        'Europa' ],
    NG => [ 'AF', 'Africa',        'Afrika' ],
    ZA => [ 'AF', 'Africa',        'Afrika' ],
    US => [ 'NA', 'North America', 'Nordamerika' ],
    ZZ => [ 'XX', 'Nowhere',       'Nirgendwo' ],
);

my %countries = (
    DE => [ 'Germany',      'Deutschland' ],
    AT => [ 'Austria',      'Österreich' ],
    NO => [ 'Norway',       'Norwegen' ],
    SE => [ 'Sweden',       'Schweden' ],
    LT => [ 'Lithuania',    'Litauen' ],
    RO => [ 'Romania',      'Rumänien' ],
    RU => [ 'Russia',       'Russland' ],
    NG => [ 'Nigeria',      'Nigeria' ],
    ZA => [ 'South Africa', 'Südafrika' ],
    US => [ 'United States', 'Vereinigte Staaten' ],
    ZZ => [ 'Unknown',      'Unbekannt' ],
);

# [ network, country, city (en), city (de), latitude, longitude, accuracy km ]
my @sample_places = (
    [ '85.214.0.0/16',    'DE', 'Berlin',       'Berlin',       52.5244, 13.4105, 20 ],
    [ '84.128.0.0/10',    'DE', 'Frankfurt am Main', 'Frankfurt am Main', 50.1155, 8.6842, 100 ],
    [ '93.104.0.0/16',    'DE', 'Munich',       'München',      48.1374, 11.5755, 20 ],
    [ '91.64.0.0/14',     'DE', 'Hamburg',      'Hamburg',      53.5511, 9.9937,  50 ],
    [ '79.192.0.0/10',    'DE', 'Stuttgart',    'Stuttgart',    48.7823, 9.1770,  100 ],
    [ '217.0.0.0/13',     'DE', 'Düsseldorf',   'Düsseldorf',   51.2217, 6.7762,  100 ],
    [ '5.199.128.0/19',   'DE', 'Nuremberg',    'Nürnberg',     49.4521, 11.0767, 50 ],
    [ '213.95.0.0/16',    'DE', 'Leipzig',      'Leipzig',      51.3397, 12.3731, 50 ],
    [ '2a02:8108::/32',   'DE', 'Cologne',      'Köln',         50.9375, 6.9603,  50 ],
    [ '197.210.0.0/16',   'NG', 'Lagos',        'Lagos',        6.4541,  3.3947,  200 ],
    [ '41.58.0.0/16',     'NG', 'Abuja',        'Abuja',        9.0579,  7.4951,  200 ],
    [ '196.25.0.0/16',    'ZA', 'Johannesburg', 'Johannesburg', -26.2041, 28.0473, 100 ],
    [ '62.20.0.0/16',     'SE', 'Stockholm',    'Stockholm',    59.3293, 18.0686, 50 ],
    [ '78.67.0.0/16',     'SE', 'Gothenburg',   'Göteborg',     57.7089, 11.9746, 50 ],
    [ '2001:2000::/20',   'SE', 'Stockholm',    'Stockholm',    59.3293, 18.0686, 100 ],
    [ '81.167.0.0/16',    'NO', 'Oslo',         'Oslo',         59.9139, 10.7522, 50 ],
    [ '141.98.11.0/24',   'LT', 'Vilnius',      'Vilnius',      54.6872, 25.2797, 200 ],
    [ '193.32.162.0/24',  'RO', 'Bucharest',    'Bukarest',     44.4268, 26.1025, 200 ],
    [ '45.155.205.0/24',  'RU', 'Moscow',       'Moskau',       55.7558, 37.6173, 500 ],
    # documentation and private ranges some databases map all the same
    [ '203.0.113.0/24',   'US', 'Nowhere',      'Nirgendwo',    0.0,     0.0,     1000 ],
    [ '10.0.0.0/8',       'ZZ', 'Nowhere',      'Nirgendwo',    0.0,     0.0,     1000 ],
);

my %sample_as = (
    DE => [ 64496, 'Example Telecom Deutschland' ],
    NG => [ 64497, 'Example Mobile Nigeria' ],
    ZA => [ 64498, 'Example Telecom South Africa' ],
    SE => [ 64499, 'Example Telecom Sverige' ],
    NO => [ 64500, 'Example Telecom Norge' ],
    LT => [ 64501, 'Example Hosting Lithuania' ],
    RO => [ 64502, 'Example Hosting Romania' ],
    RU => [ 64503, 'Example Hosting Russia' ],
    US => [ 64504, 'Example Documentation' ],
    ZZ => [ 64505, 'Example Private' ],
);

sub new_tree {
    my (%args) = @_;
    my $types = delete $args{types};
    my $epoch = delete $args{build_epoch};
    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version               => 6,
        record_size              => 24,
        languages                => [ 'en', 'de' ],
        description              => { en => 'syslog-ng-mod-axigen test database' },
        alias_ipv6_to_ipv4       => 1,
        remove_reserved_networks => 0,
        map_key_type_callback    => sub { $types->{ $_[0] } // 'utf8_string' },
        %args,
    );
    $tree->_set_build_epoch($epoch);
    return $tree;
}

sub write_tree {
    my ( $tree, $name ) = @_;
    my $path = File::Spec->catfile( $dir, $name );
    my $tmp  = "$path.tmp";
    open my $fh, '>:raw', $tmp or die "cannot write $tmp: $!\n";
    $tree->write_tree($fh);
    close $fh or die "cannot write $tmp: $!\n";
    rename $tmp, $path or die "cannot rename $tmp: $!\n";
}

# GeoLite2 names everything in eight languages: the sample databases do the
# same (the other six repeat the English name), so that lookups in them cost
# what they cost in GeoLite2
our $full_names = 0;

sub names {
    my ( $en, $de ) = @_;
    return { en => $en, de => $de } unless $full_names;
    return { en => $en, de => $de, map { $_ => $en } qw(es fr ja pt-BR ru zh-CN) };
}

sub maxmind_country {
    my ($code) = @_;
    my $continent = $continents{$code};
    return (
        continent => { code => $continent->[0], names => names( $continent->[1], $continent->[2] ) },
        country   => { iso_code => $code, names => names( @{ $countries{$code} } ) },
        registered_country => { iso_code => $code, names => names( @{ $countries{$code} } ) },
    );
}

sub maxmind_city {
    my ( $code, $city_en, $city_de, $latitude, $longitude, $accuracy ) = @_;
    my %record = (
        maxmind_country($code),
        city     => { names => names( $city_en, $city_de ) },
        location => {
            latitude        => $latitude,
            longitude       => $longitude,
            accuracy_radius => $accuracy,
        },
    );
    if ($full_names) {
        $record{city}->{geoname_id}          = 2950159;
        $record{country}->{geoname_id}       = 2921044;
        $record{continent}->{geoname_id}     = 6255148;
        $record{location}->{time_zone}       = 'Europe/Berlin';
        $record{postal}                      = { code => '10115' };
        $record{subdivisions}                = [ { iso_code => 'BE', geoname_id => 2950157, names => names( $city_en, $city_de ) } ];
    }
    return \%record;
}

sub flat_city {
    my ( $code, $state, $city, $latitude, $longitude ) = @_;
    return {
        country_code => $code,
        state1       => $state,
        state2       => '',
        city         => $city,
        postcode     => '',
        latitude     => $latitude,
        longitude    => $longitude,
        timezone     => '',
    };
}

sub as_record {
    my ($code) = @_;
    return {
        autonomous_system_number       => $sample_as{$code}->[0],
        autonomous_system_organization => $sample_as{$code}->[1],
    };
}

sub place {
    my ($network) = @_;
    for my $place (@sample_places) {
        return @{$place} if $place->[0] eq $network;
    }
    die "no place for $network\n";
}

sub write_maxmind_city {
    my $tree = new_tree(
        types         => \%maxmind_types,
        database_type => 'GeoIP2-City',
        build_epoch   => 1700000000,
    );
    for my $network (
        '85.214.0.0/16', '81.167.0.0/16', '197.210.0.0/16', '2a02:8108::/32',
        '2001:2000::/20', '10.0.0.0/8', '203.0.113.0/24'
        ) {
        my ( undef, @place ) = place($network);
        $tree->insert_network( $network, maxmind_city(@place) );
    }
    $tree->insert_network( '41.58.0.0/16', { maxmind_country('NG') } );
    write_tree( $tree, 'maxmind-city.mmdb' );
}

sub write_maxmind_country {
    my $tree = new_tree(
        types         => \%maxmind_types,
        database_type => 'GeoIP2-Country',
        build_epoch   => 1700000100,
    );
    $tree->insert_network( '85.214.0.0/16',  { maxmind_country('DE') } );
    $tree->insert_network( '196.25.0.0/16',  { maxmind_country('ZA') } );
    $tree->insert_network( '2001:2000::/20', { maxmind_country('SE') } );
    write_tree( $tree, 'maxmind-country.mmdb' );
}

sub write_maxmind_asn {
    my $tree = new_tree(
        types         => \%maxmind_types,
        database_type => 'GeoLite2-ASN',
        build_epoch   => 1700000200,
        languages     => [],
    );
    $tree->insert_network( '85.214.0.0/16',  as_record('DE') );
    $tree->insert_network( '2a02:8108::/32', as_record('DE') );
    $tree->insert_network( '81.167.0.0/16',  as_record('NO') );
    write_tree( $tree, 'maxmind-asn.mmdb' );
}

sub write_flat_city {
    my $tree = new_tree(
        types         => \%flat_types,
        database_type => 'city ipvAll',
        build_epoch   => 1700000300,
        languages     => [],
    );
    $tree->insert_network( '85.214.0.0/16',  flat_city( 'DE', 'Berlin', 'Berlin', 52.5244, 13.4105 ) );
    $tree->insert_network( '196.25.0.0/16',  flat_city( 'ZA', '', '', -26.2041, 28.0473 ) );
    $tree->insert_network( '2a02:8108::/32', flat_city( 'DE', 'Nordrhein-Westfalen', 'Köln', 50.9375, 6.9603 ) );
    $tree->insert_network( '62.20.0.0/16',   flat_city( '', '', '', 59.3293, 18.0686 ) );
    # like the free country database, a private range mapped to a country
    $tree->insert_network( '10.0.0.0/8', flat_city( 'US', '', '', 37.751, -97.822 ) );
    write_tree( $tree, 'flat-city.mmdb' );
}

sub write_flat_country {
    my $tree = new_tree(
        types         => \%flat_types,
        database_type => 'country ipvAll',
        build_epoch   => 1700000400,
        languages     => [],
    );
    $tree->insert_network( '85.214.0.0/16',  { country_code => 'DE' } );
    $tree->insert_network( '196.25.0.0/16',  { country_code => 'ZA' } );
    $tree->insert_network( '2001:2000::/20', { country_code => 'SE' } );
    write_tree( $tree, 'flat-country.mmdb' );
}

sub write_ipv4_only {
    my $tree = new_tree(
        types              => \%maxmind_types,
        ip_version         => 4,
        alias_ipv6_to_ipv4 => 0,
        database_type      => 'GeoIP2-Country',
        build_epoch        => 1700000500,
    );
    $tree->insert_network( '85.214.0.0/16', { maxmind_country('DE') } );
    $tree->insert_network( '81.167.0.0/16', { maxmind_country('NO') } );
    write_tree( $tree, 'ipv4-only.mmdb' );
}

sub write_ipv6_only {
    my $tree = new_tree(
        types              => \%maxmind_types,
        alias_ipv6_to_ipv4 => 0,
        database_type      => 'GeoIP2-Country',
        build_epoch        => 1700000600,
    );
    $tree->insert_network( '2a02:8108::/32', { maxmind_country('DE') } );
    $tree->insert_network( '2001:2000::/20', { maxmind_country('SE') } );
    write_tree( $tree, 'ipv6-only.mmdb' );
}

sub write_missing_fields {
    my $tree = new_tree(
        types         => \%maxmind_types,
        database_type => 'GeoIP2-City',
        build_epoch   => 1700000700,
    );
    my $inf = 9**9**9;
    # a country code and nothing else
    $tree->insert_network( '1.1.1.0/24', { country => { iso_code => 'DE' } } );
    # a latitude without a longitude, and a radius with no coordinates
    $tree->insert_network( '1.1.2.0/24', { location => { latitude => 52.5, accuracy_radius => 20 } } );
    # coordinates out of range
    $tree->insert_network( '1.1.3.0/24', { location => { latitude => 95.0, longitude => 13.4, accuracy_radius => 20 } } );
    # an infinite longitude
    $tree->insert_network( '1.1.4.0/24', { location => { latitude => 52.5, longitude => $inf } } );
    # names too long, and a code too long
    $tree->insert_network( '1.1.5.0/24', {
        city      => { names => { en => 'x' x 300 } },
        continent => { code  => 'EUROPEAN-UNION' },
        country   => { iso_code => 'D E', names => { en => 'Germany' } },
    } );
    # empty strings
    $tree->insert_network( '1.1.6.0/24', {
        city    => { names => { en => '' } },
        country => { iso_code => '', names => { en => '' } },
    } );
    # an empty record
    $tree->insert_network( '1.1.7.0/24', {} );
    write_tree( $tree, 'missing-fields.mmdb' );
}

sub write_wrong_types {
    my $tree = new_tree(
        types         => \%wrong_types,
        database_type => 'GeoIP2-City',
        build_epoch   => 1700000800,
    );
    $tree->insert_network( '1.1.1.0/24', {
        country   => { iso_code => 276, names => 'Germany' },
        continent => { names => 'Europe' },
        location  => { latitude => '52.5', longitude => '13.4', accuracy_radius => '20' },
        autonomous_system_number       => '64496',
        autonomous_system_organization => 64496,
    } );
    write_tree( $tree, 'wrong-types.mmdb' );
}

sub write_sample_city {
    my ( $name, $epoch, %moved ) = @_;
    local $full_names = 1;
    my $tree = new_tree(
        types         => \%maxmind_types,
        database_type => 'GeoIP2-City',
        build_epoch   => $epoch,
    );
    for my $place (@sample_places) {
        my ( $network, $code, @rest ) = @{$place};
        $code = $moved{$network} // $code;
        $tree->insert_network( $network, maxmind_city( $code, @rest ) );
    }
    write_tree( $tree, $name );
}

sub write_sample_asn {
    my $tree = new_tree(
        types         => \%maxmind_types,
        database_type => 'GeoLite2-ASN',
        build_epoch   => 1596240000,
        languages     => [],
    );
    for my $place (@sample_places) {
        $tree->insert_network( $place->[0], as_record( $place->[1] ) );
    }
    write_tree( $tree, 'sample-asn.mmdb' );
}

write_maxmind_city();
write_maxmind_country();
write_maxmind_asn();
write_flat_city();
write_flat_country();
write_ipv4_only();
write_ipv6_only();
write_missing_fields();
write_wrong_types();
# 2020-08-01 and 2020-08-08
write_sample_city( 'sample-city.mmdb',      1596240000 );
write_sample_city( 'sample-city-next.mmdb', 1596844800, '5.199.128.0/19' => 'AT' );
write_sample_asn();
