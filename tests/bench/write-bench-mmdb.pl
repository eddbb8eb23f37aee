#!/usr/bin/perl
# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Writes bench-city.mmdb, a GeoIP2-City style database that covers every
# address tests/bench/gen-corpus.py hands out, for the end-to-end benchmark:
#
#   write-bench-mmdb.pl OUTPUT_FILE [IPV4_PREFIX_LENGTH]
#
# Every public IPv4 network of the given length (default /18: about 220,000
# networks, so that a lookup walks as deep into the tree as it does in a
# real City database) and every /20 of 2a00::/8 gets one of a few hundred
# made-up places with full MaxMind-style records (continent, country,
# registered country, city and location, names in en and de).  Written
# with Debian's libmaxmind-db-writer-perl; nothing here is real data.
use strict;
use warnings;
use utf8;

use MaxMind::DB::Writer::Tree;

my $path = shift @ARGV or die "usage: $0 OUTPUT_FILE [IPV4_PREFIX_LENGTH]\n";
my $ipv4_length = shift @ARGV // 18;
die "IPV4_PREFIX_LENGTH must be 8 to 24\n" unless $ipv4_length =~ /^\d+$/ && $ipv4_length >= 8 && $ipv4_length <= 24;

my %types = (
    city               => 'map',
    continent          => 'map',
    country            => 'map',
    registered_country => 'map',
    location           => 'map',
    names              => 'map',
    code               => 'utf8_string',
    iso_code           => 'utf8_string',
    geoname_id         => 'uint32',
    latitude           => 'double',
    longitude          => 'double',
    accuracy_radius    => 'uint16',
    time_zone          => 'utf8_string',
);

# [ ISO code, continent code, country (en), country (de), time zone ]
my @countries = (
    [ 'DE', 'EU', 'Germany',        'Deutschland',        'Europe/Berlin' ],
    [ 'AT', 'EU', 'Austria',        'Österreich',         'Europe/Vienna' ],
    [ 'CH', 'EU', 'Switzerland',    'Schweiz',            'Europe/Zurich' ],
    [ 'FR', 'EU', 'France',         'Frankreich',         'Europe/Paris' ],
    [ 'NL', 'EU', 'Netherlands',    'Niederlande',        'Europe/Amsterdam' ],
    [ 'PL', 'EU', 'Poland',         'Polen',              'Europe/Warsaw' ],
    [ 'SE', 'EU', 'Sweden',         'Schweden',           'Europe/Stockholm' ],
    [ 'NO', 'EU', 'Norway',         'Norwegen',           'Europe/Oslo' ],
    [ 'RO', 'EU', 'Romania',        'Rumänien',           'Europe/Bucharest' ],
    [ 'RU', 'EU', 'Russia',         'Russland',           'Europe/Moscow' ],
    [ 'GB', 'EU', 'United Kingdom', 'Vereinigtes Königreich', 'Europe/London' ],
    [ 'US', 'NA', 'United States',  'Vereinigte Staaten', 'America/Chicago' ],
    [ 'CA', 'NA', 'Canada',         'Kanada',             'America/Toronto' ],
    [ 'BR', 'SA', 'Brazil',         'Brasilien',          'America/Sao_Paulo' ],
    [ 'NG', 'AF', 'Nigeria',        'Nigeria',            'Africa/Lagos' ],
    [ 'ZA', 'AF', 'South Africa',   'Südafrika',          'Africa/Johannesburg' ],
    [ 'CN', 'AS', 'China',          'China',              'Asia/Shanghai' ],
    [ 'IN', 'AS', 'India',          'Indien',             'Asia/Kolkata' ],
    [ 'JP', 'AS', 'Japan',          'Japan',              'Asia/Tokyo' ],
    [ 'AU', 'OC', 'Australia',      'Australien',         'Australia/Sydney' ],
);
my %continent_names = (
    EU => [ 'Europe',        'Europa' ],
    NA => [ 'North America', 'Nordamerika' ],
    SA => [ 'South America', 'Südamerika' ],
    AF => [ 'Africa',        'Afrika' ],
    AS => [ 'Asia',          'Asien' ],
    OC => [ 'Oceania',       'Ozeanien' ],
);

my @places;
for my $i ( 0 .. 299 ) {
    my $country = $countries[ $i % @countries ];
    my ( $code, $continent, $en, $de, $zone ) = @{$country};
    my $city = sprintf 'Benchtown %03d', $i;
    push @places, {
        continent => { code => $continent, geoname_id => 6255000 + ord($continent),
                       names => { en => $continent_names{$continent}[0], de => $continent_names{$continent}[1] } },
        country => { iso_code => $code, geoname_id => 2900000 + $i % @countries, names => { en => $en, de => $de } },
        registered_country => { iso_code => $code, geoname_id => 2900000 + $i % @countries,
                                names => { en => $en, de => $de } },
        city     => { geoname_id => 3000000 + $i, names => { en => $city, de => $city } },
        location => {
            latitude        => -60 + ( $i * 37 % 1200 ) / 10,
            longitude       => -180 + ( $i * 53 % 3600 ) / 10,
            accuracy_radius => 5 * ( 1 + $i % 40 ),
            time_zone       => $zone,
        },
    };
}

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version               => 6,
    record_size              => 28,
    database_type            => 'GeoIP2-City',
    languages                => [ 'en', 'de' ],
    description              => { en => 'syslog-ng-mod-axigen benchmark database (made up)' },
    alias_ipv6_to_ipv4       => 1,
    remove_reserved_networks => 1,
    map_key_type_callback    => sub { $types{ $_[0] } // 'utf8_string' },
);
$tree->_set_build_epoch(1596240000);

my %reserved_first = map { $_ => 1 } ( 0, 10, 100, 127, 169, 172, 192, 198, 203, 224 .. 255 );
my $step = 2**( 32 - $ipv4_length );
my $n = 0;
for my $first ( 1 .. 223 ) {
    next if $reserved_first{$first};
    for ( my $low = 0 ; $low < 2**24 ; $low += $step ) {
        my $address = sprintf '%d.%d.%d.%d', $first, ( $low >> 16 ) & 255, ( $low >> 8 ) & 255, $low & 255;
        $tree->insert_network( "$address/$ipv4_length", $places[ ( $first * 7919 + $low / $step * 104729 ) % @places ] );
        $n++;
    }
}
for my $block ( 0 .. 4095 ) {
    my $network = sprintf '2a%02x:%x000::/20', $block >> 4, $block & 15;
    $tree->insert_network( $network, $places[ ( $block * 7919 ) % @places ] );
    $n++;
}

my $tmp = "$path.tmp";
open my $fh, '>:raw', $tmp or die "cannot write $tmp: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot write $tmp: $!\n";
rename $tmp, $path or die "cannot rename $tmp: $!\n";
print STDERR "$path: $n networks\n";
