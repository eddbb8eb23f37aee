/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The message is dispatched on its first bytes and matched against fixed
 * literals.  Every field is a span into the input or a static word; nothing
 * is allocated and nothing is read past the end.
 *
 * Each _scan_<shape>() returns false without touching line when the message
 * is not of its shape, and true with the event and fields set when it is.  A
 * field whose text is missing or does not validate (an impossible address or
 * port, a non-numeric size) is left out; the line keeps its event.
 */
#include "axigen-messages.h"
#include "axigen-address.h"
#include "axigen-fields.h"
#include "axigen-text.h"

#include <string.h>

/* an address at p, bracketed in any of the accepted forms or bare up to a
 * space or comma; returns the end of what was consumed */
static const char *
_scan_address_token(const char *p, const char *end, AxigenSpan *ip, AxigenSpan *port)
{
  if (p < end && *p == '[')
    {
      const char *after = axigen_address_scan_bracketed(p, end, ip, port);
      if (after)
        return after;
    }

  const char *token_end = p;
  while (token_end < end && *token_end != ' ' && *token_end != ',')
    token_end++;
  axigen_address_split(p, (size_t) (token_end - p), ip, port);
  return token_end;
}

/* "[L:lp] connection accepted from [C:cp]" */
static bool
_scan_connect(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan local_ip, local_port, client_ip, client_port;

  const char *p = axigen_address_scan_bracketed(m, end, &local_ip, &local_port);
  if (!p || !_starts_with(p, end, LIT(" connection accepted from ")))
    return false;
  p += sizeof(" connection accepted from ") - 1;
  _scan_address_token(p, end, &client_ip, &client_port);

  line->event = AXIGEN_EVENT_CONNECT;
  _set_address(line, AXIGEN_FIELD_LOCAL_IP, AXIGEN_FIELD_LOCAL_PORT, local_ip, local_port);
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  return true;
}

/* "closing session from [C:cp]" (SMTP), "Closing connection from [C:cp]"
 * (IMAP, POP3); either word in either case */
static bool
_scan_disconnect(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan client_ip, client_port;
  const char *p = m + 1;

  if (!_starts_with(p, end, LIT("losing ")))
    return false;
  p += sizeof("losing ") - 1;
  if (_starts_with(p, end, LIT("session from ")))
    p += sizeof("session from ") - 1;
  else if (_starts_with(p, end, LIT("connection from ")))
    p += sizeof("connection from ") - 1;
  else
    return false;
  _scan_address_token(p, end, &client_ip, &client_port);

  line->event = AXIGEN_EVENT_DISCONNECT;
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  return true;
}

/* "Remote address updated from 'P' to 'C'": behind a proxy, C is the client */
static bool
_scan_client_update(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan proxy_ip, proxy_port, client_ip, client_port;

  if (!_starts_with(m, end, LIT("Remote address updated from '")))
    return false;
  const char *proxy = m + sizeof("Remote address updated from '") - 1;
  const char *proxy_end = _find(proxy, end, LIT("' to '"));
  if (!proxy_end)
    return false;
  const char *client = proxy_end + sizeof("' to '") - 1;
  const char *client_end = _find_byte(client, end, '\'');
  if (!client_end)
    return false;

  axigen_address_parse_ip_first(proxy, (size_t) (proxy_end - proxy), &proxy_ip, &proxy_port);
  axigen_address_parse_ip_first(client, (size_t) (client_end - client), &client_ip, &client_port);

  line->event = AXIGEN_EVENT_CLIENT_UPDATE;
  _set_span(line, AXIGEN_FIELD_PROXY_IP, proxy_ip);
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  return true;
}

/* "SSL alert remote C:cp, REASON" */
static bool
_scan_tls_alert(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan client_ip, client_port;

  if (!_starts_with(m, end, LIT("SSL alert remote ")))
    return false;
  const char *p = m + sizeof("SSL alert remote ") - 1;
  p = _scan_address_token(p, end, &client_ip, &client_port);
  if (p < end && *p == ',')
    p++;
  p = _skip_spaces(p, end);

  line->event = AXIGEN_EVENT_TLS_ALERT;
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  _set(line, AXIGEN_FIELD_REASON, p, end);
  return true;
}

static void
_set_login(AxigenLine *line, bool success, const char *user, const char *user_end)
{
  line->event = AXIGEN_EVENT_LOGIN;
  if (success)
    SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "success");
  else
    SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "failure");
  _set(line, AXIGEN_FIELD_USER, user, user_end);
}

/* "User [U] successfully authorized!" */
static bool
_scan_user_authorized(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("User [")))
    return false;
  const char *user = m + sizeof("User [") - 1;
  const char *user_end = _find(user, end, LIT("] successfully authorized"));
  if (!user_end)
    return false;

  _set_login(line, true, user, user_end);
  return true;
}

/* "Account 'U' has logged in" */
static bool
_scan_account_logged_in(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Account '")))
    return false;
  const char *user = m + sizeof("Account '") - 1;
  const char *user_end = _find(user, end, LIT("' has logged in"));
  if (!user_end)
    return false;

  _set_login(line, true, user, user_end);
  return true;
}

/* "Authentication error for user 'U': REASON" */
static bool
_scan_authentication_error(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Authentication error for user '")))
    return false;
  const char *user = m + sizeof("Authentication error for user '") - 1;
  const char *reason = NULL;
  const char *user_end = _find(user, end, LIT("': "));
  if (user_end)
    reason = user_end + 3;
  else
    user_end = _find_last_byte(user, end, '\'');

  _set_login(line, false, user, user_end);
  _set(line, AXIGEN_FIELD_REASON, reason, end);
  return true;
}

/* "SPF result for EHLO domain <H> connected from <C>: RESULT" and
 * "SPF result for MAIL FROM <F> issued from EHLO domain <H> connected from <C>: RESULT (...)" */
static bool
_scan_spf(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("SPF result for ")))
    return false;
  const char *p = m + sizeof("SPF result for ") - 1;
  line->event = AXIGEN_EVENT_SPF;

  if (_starts_with(p, end, LIT("MAIL FROM <")))
    {
      const char *from = p + sizeof("MAIL FROM <") - 1;
      const char *from_end = _find_byte(from, end, '>');
      if (!from_end)
        return true;
      /* the null sender "<>" gives no mail_from */
      _set(line, AXIGEN_FIELD_MAIL_FROM, from, from_end);
      p = from_end + 1;
    }

  const char *helo = _find(p, end, LIT("EHLO domain <"));
  if (helo)
    {
      helo += sizeof("EHLO domain <") - 1;
      const char *helo_end = _find_byte(helo, end, '>');
      if (!helo_end)
        return true;
      _set(line, AXIGEN_FIELD_HELO, helo, helo_end);
      p = helo_end + 1;
    }

  const char *client = _find(p, end, LIT("connected from <"));
  if (client)
    {
      AxigenSpan client_ip, client_port;
      client += sizeof("connected from <") - 1;
      const char *client_end = _find_byte(client, end, '>');
      if (!client_end)
        return true;
      axigen_address_parse_ip_first(client, (size_t) (client_end - client), &client_ip, &client_port);
      _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
      p = client_end + 1;
    }

  if (_starts_with(p, end, LIT(": ")))
    {
      const char *result = p + 2;
      const char *result_end = result;
      while (result_end < end && _is_alpha(*result_end))
        result_end++;
      _set(line, AXIGEN_FIELD_SPF_RESULT, result, result_end);
    }
  return true;
}

/* "New mail <ID> received from H (C) with envelope from <F>, recipients=N (R),
 * size=S, enqueued with id Q"; each part is looked for after the previous
 * one, and a missing part is skipped */
static bool
_scan_mail_received(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("New mail <")))
    return false;
  const char *p = m + sizeof("New mail <") - 1;
  const char *found;
  line->event = AXIGEN_EVENT_MAIL_RECEIVED;

  const char *id_end = _find_byte(p, end, '>');
  if (!id_end)
    return true;
  _set(line, AXIGEN_FIELD_MESSAGE_ID, p, id_end);
  p = id_end + 1;

  if ((found = _find(p, end, LIT(" received from "))))
    {
      const char *host = found + sizeof(" received from ") - 1;
      const char *host_end = host;
      while (host_end < end && *host_end != ' ' && *host_end != '(')
        host_end++;
      _set(line, AXIGEN_FIELD_CLIENT_HOST, host, host_end);
      p = _skip_spaces(host_end, end);
      if (p < end && *p == '(')
        {
          const char *client = p + 1;
          const char *client_end = _find_byte(client, end, ')');
          if (client_end)
            {
              AxigenSpan client_ip, client_port;
              axigen_address_parse_ip_first(client, (size_t) (client_end - client), &client_ip, &client_port);
              _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
              p = client_end + 1;
            }
        }
    }

  if ((found = _find(p, end, LIT("envelope from <"))))
    {
      const char *from = found + sizeof("envelope from <") - 1;
      const char *from_end = _find_byte(from, end, '>');
      if (from_end)
        {
          _set(line, AXIGEN_FIELD_MAIL_FROM, from, from_end);
          p = from_end + 1;
        }
    }

  if ((found = _find(p, end, LIT("recipients="))))
    {
      p = _set_number_at(line, AXIGEN_FIELD_RECIPIENTS, found + sizeof("recipients=") - 1, end);
      if (_starts_with(p, end, LIT(" (")))
        {
          const char *rcpt = p + 2;
          const char *rcpt_end = _find_byte(rcpt, end, ')');
          if (rcpt_end)
            {
              _set(line, AXIGEN_FIELD_RCPT, rcpt, rcpt_end);
              p = rcpt_end + 1;
            }
        }
    }

  if ((found = _find(p, end, LIT("size="))))
    p = _set_number_at(line, AXIGEN_FIELD_SIZE, found + sizeof("size=") - 1, end);

  if ((found = _find(p, end, LIT("enqueued with id "))))
    {
      const char *queue_id = found + sizeof("enqueued with id ") - 1;
      _set(line, AXIGEN_FIELD_QUEUE_ID, queue_id, _word_end(queue_id, end));
    }
  return true;
}

/* "Set recipient <R> state to S", S to the end ("PROCESSED - LOCAL") */
static bool
_scan_recipient_state(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Set recipient <")))
    return false;
  const char *rcpt = m + sizeof("Set recipient <") - 1;
  const char *rcpt_end = _find(rcpt, end, LIT("> state to "));
  if (!rcpt_end)
    return false;

  line->event = AXIGEN_EVENT_RECIPIENT_STATE;
  _set(line, AXIGEN_FIELD_RCPT, rcpt, rcpt_end);
  _set(line, AXIGEN_FIELD_STATE, rcpt_end + sizeof("> state to ") - 1, end);
  return true;
}

/* "Mail delivered to mailbox 'M' of <R> with id N" */
static bool
_scan_delivered(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Mail delivered to mailbox '")))
    return false;
  const char *mailbox = m + sizeof("Mail delivered to mailbox '") - 1;
  line->event = AXIGEN_EVENT_DELIVERED;

  const char *mailbox_end = _find(mailbox, end, LIT("' of <"));
  if (!mailbox_end)
    {
      _set(line, AXIGEN_FIELD_MAILBOX, mailbox, _find_byte(mailbox, end, '\''));
      return true;
    }
  const char *rcpt = mailbox_end + sizeof("' of <") - 1;
  _set(line, AXIGEN_FIELD_MAILBOX, mailbox, mailbox_end);
  _set(line, AXIGEN_FIELD_RCPT, rcpt, _find_byte(rcpt, end, '>'));
  return true;
}

/* The filter lines ("Start filter F of type ...", "F of type ... (@7)
 * [...]: ...", "Finished filtering mail object Q with filter: F of type
 * ..."): the recipient is the object the filter belongs to, "domain object
 * <R>" in the samples ("user object <R>" is taken the same way). */
static void
_set_filter(AxigenLine *line, const char *m, const char *end)
{
  line->event = AXIGEN_EVENT_FILTER;
  const char *object = _find(m, end, LIT(" object <"));
  if (object)
    {
      const char *rcpt = object + sizeof(" object <") - 1;
      _set(line, AXIGEN_FIELD_RCPT, rcpt, _find_byte(rcpt, end, '>'));
    }
}

static bool
_scan_filter(AxigenLine *line, const char *m, const char *end)
{
  if (_starts_with(m, end, LIT("Start filter ")) || _starts_with(m, end, LIT("Finished filtering ")))
    {
      _set_filter(line, m, end);
      return true;
    }

  /* "NAME of type ...": the filter's name comes first */
  const char *name_end = _word_end(m, end);
  if (name_end > m && _starts_with(name_end, end, LIT(" of type ")))
    {
      _set_filter(line, m, end);
      return true;
    }
  return false;
}

static void
_set_http_status(AxigenLine *line, const char *from, const char *to)
{
  _set_number(line, AXIGEN_FIELD_HTTP_STATUS, from, to);
}

/* the web mail login request, whatever the API version and query string */
static bool
_is_login_path(const char *path, const char *path_end)
{
  const char *query = _find_byte(path, path_end, '?');
  if (query)
    path_end = query;
  return (size_t) (path_end - path) >= sizeof("/login/cookie") - 1
         && memcmp(path_end - (sizeof("/login/cookie") - 1), LIT("/login/cookie")) == 0;
}

/* "METHOD /path HTTP/1.1 u=U code=N time=T", behind "<token> " or bare.  The
 * web mail login (POST .../login/cookie) is a login event: success for a 2xx
 * code, failure for any other; without a code its outcome is not known. */
static bool
_scan_http_request_line(AxigenLine *line, const char *p, const char *end, const char *token, const char *token_end)
{
  const char *method = p;
  while (p < end && _is_upper(*p) && p - method <= 16)
    p++;
  if (p == method || p - method > 16 || p == end || *p != ' ')
    return false;
  const char *method_end = p;

  const char *path = method_end + 1;
  const char *path_end = _word_end(path, end);
  if (path_end == path)
    return false;
  if (*path != '/' && !_starts_with(path_end, end, LIT(" HTTP/")))
    return false;

  const char *user = NULL, *user_end = NULL;
  const char *code = NULL, *code_end = NULL;
  const char *duration = NULL, *duration_end = NULL;
  for (p = path_end; p < end; )
    {
      const char *word = _skip_spaces(p, end);
      const char *word_end = _word_end(word, end);
      if (_starts_with(word, word_end, LIT("u=")))
        {
          user = word + 2;
          user_end = word_end;
        }
      else if (_starts_with(word, word_end, LIT("code=")))
        {
          code = word + 5;
          code_end = word_end;
        }
      else if (_starts_with(word, word_end, LIT("time=")))
        {
          duration = word + 5;
          duration_end = word_end;
        }
      p = word_end;
    }

  bool is_login = method_end - method == 4 && memcmp(method, "POST", 4) == 0 && _is_login_path(path, path_end);
  if (is_login)
    {
      line->event = AXIGEN_EVENT_LOGIN;
      _set_http_status(line, code, code_end);
      AxigenSpan status = line->fields[AXIGEN_FIELD_HTTP_STATUS];
      if (status.ptr && status.len == 3)
        {
          if (status.ptr[0] == '2')
            SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "success");
          else
            SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "failure");
        }
    }
  else
    {
      line->event = AXIGEN_EVENT_HTTP_REQUEST;
      _set(line, AXIGEN_FIELD_HTTP_METHOD, method, method_end);
      _set(line, AXIGEN_FIELD_HTTP_PATH, path, path_end);
      _set_http_status(line, code, code_end);
    }
  _set(line, AXIGEN_FIELD_USER, user, user_end);
  _set(line, AXIGEN_FIELD_WEB_SESSION, token, token_end);
  if (duration)
    _set_number(line, AXIGEN_FIELD_DURATION_MS, duration, duration_end);
  return true;
}

/* "BEGIN [id=..|METHOD path|u=U]" and "END [id=..|METHOD path|u=U|code=N|time=T]"
 * after "<token> "; the items may come in any order, the id is not kept */
static bool
_scan_http_begin_end(AxigenLine *line, const char *p, const char *end, const char *token, const char *token_end)
{
  if (_starts_with(p, end, LIT("BEGIN [")))
    p += sizeof("BEGIN [") - 1;
  else if (_starts_with(p, end, LIT("END [")))
    p += sizeof("END [") - 1;
  else
    return false;

  const char *items_end = _find_last_byte(p, end, ']');
  if (!items_end)
    items_end = end;

  line->event = AXIGEN_EVENT_HTTP_REQUEST;
  _set(line, AXIGEN_FIELD_WEB_SESSION, token, token_end);
  while (p < items_end)
    {
      const char *item = p;
      const char *item_end = _find_byte(item, items_end, '|');
      if (!item_end)
        item_end = items_end;
      p = item_end + 1;

      if (_starts_with(item, item_end, LIT("u=")))
        _set(line, AXIGEN_FIELD_USER, item + 2, item_end);
      else if (_starts_with(item, item_end, LIT("code=")))
        _set_http_status(line, item + 5, item_end);
      else if (_starts_with(item, item_end, LIT("time=")))
        _set_number(line, AXIGEN_FIELD_DURATION_MS, item + 5, item_end);
      else if (item < item_end && _is_upper(*item))
        {
          const char *method_end = item;
          while (method_end < item_end && _is_upper(*method_end))
            method_end++;
          if (method_end < item_end && *method_end == ' ')
            {
              _set(line, AXIGEN_FIELD_HTTP_METHOD, item, method_end);
              _set(line, AXIGEN_FIELD_HTTP_PATH, method_end + 1, item_end);
            }
        }
    }
  return true;
}

/* "<token> ..." of web mail and its API; the token may be empty ("<>") */
static bool
_scan_web_request(AxigenLine *line, const char *m, const char *end)
{
  const char *token = m + 1;
  const char *token_end = token;
  while (token_end < end && *token_end != '>' && *token_end != ' ')
    token_end++;
  if (token_end == end || *token_end != '>' || token_end + 1 == end || token_end[1] != ' ')
    return false;
  const char *p = token_end + 2;

  if (_scan_http_begin_end(line, p, end, token, token_end))
    return true;
  if (_scan_account_logged_in(line, p, end))
    {
      _set(line, AXIGEN_FIELD_WEB_SESSION, token, token_end);
      return true;
    }
  return _scan_http_request_line(line, p, end, token, token_end);
}

/* an IMAP tag ("A0001") or the untagged "*": letters and digits with at least
 * one digit */
static bool
_is_imap_tag(const char *word, const char *word_end)
{
  if (word_end - word == 1 && *word == '*')
    return true;

  bool has_digit = false;
  for (const char *p = word; p < word_end; p++)
    {
      if (_is_digit(*p))
        has_digit = true;
      else if (!_is_alpha(*p) && *p != '.')
        return false;
    }
  return has_digit;
}

/*
 * "<< ..." (client to server) and ">> ..." (server to client).  The command
 * is the first word after the arrow, except:
 *  - a server reply that starts with a three-digit code ("220 ...",
 *    "250-mx ...") gives the code;
 *  - an IMAP tag or "*" followed by another word is skipped, so that
 *    "<< A0001 CAPABILITY" gives CAPABILITY and ">> * OK ..." gives OK;
 *  - a trailing colon is dropped ("MAIL FROM:<x>" gives MAIL anyway).
 */
static bool
_scan_protocol(AxigenLine *line, const char *m, const char *end)
{
  bool inbound = m[0] == '<';

  if (end - m < 2 || m[1] != m[0] || (end - m > 2 && m[2] != ' '))
    return false;

  line->event = AXIGEN_EVENT_PROTOCOL;
  if (inbound)
    SET_STATIC(line, AXIGEN_FIELD_DIRECTION, "in");
  else
    SET_STATIC(line, AXIGEN_FIELD_DIRECTION, "out");

  const char *word = _skip_spaces(m + 2, end);
  const char *word_end = _word_end(word, end);
  if (word == word_end)
    return true;

  if (!inbound && word_end - word >= 3 && _is_digit(word[0]) && _is_digit(word[1]) && _is_digit(word[2])
      && (word_end - word == 3 || word[3] == '-'))
    {
      _set(line, AXIGEN_FIELD_COMMAND, word, word + 3);
      return true;
    }

  if (_is_imap_tag(word, word_end))
    {
      const char *next = _skip_spaces(word_end, end);
      if (next < end)
        {
          word = next;
          word_end = _word_end(word, end);
        }
    }
  if (word_end - word > 1 && word_end[-1] == ':')
    word_end--;
  _set(line, AXIGEN_FIELD_COMMAND, word, word_end);
  return true;
}

/* ---- the security log (format unverified: be tolerant) ------------------ */

/* "OP_" and upper case letters or underscores, standing as a word of its own */
static bool
_find_op_token(const char *m, const char *end, const char **op, const char **op_end)
{
  for (const char *p = m; (p = _find(p, end, LIT("OP_"))); p += 3)
    {
      if (p > m && (_is_alnum(p[-1]) || p[-1] == '_'))
        continue;
      const char *q = p + 3;
      while (q < end && (_is_upper(*q) || *q == '_'))
        q++;
      if (q == p + 3 || (q < end && (_is_alnum(*q))))
        continue;
      *op = p;
      *op_end = q;
      return true;
    }
  return false;
}

static bool
_is_token_punctuation(char c)
{
  return c == ',' || c == ';' || c == '.' || c == ')' || c == ':';
}

/* Looks through the words of a security line for the client address ("ip=A",
 * "[A:p]", a bare address) and the user ("user=U", "'U'", "<U>", "[U]"); the
 * first of each wins. */
static void
_scan_security_words(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan ip = { 0 }, port = { 0 };
  const char *user = NULL, *user_end = NULL;

  for (const char *p = m; p < end; )
    {
      const char *word = _skip_spaces(p, end);
      const char *word_end = _word_end(word, end);
      p = word_end;
      while (word_end > word && _is_token_punctuation(word_end[-1]))
        word_end--;
      if (word == word_end)
        continue;

      const char *value = NULL;
      if (_starts_with_ci(word, word_end, LIT("ip=")))
        value = word + 3;
      else if (_starts_with_ci(word, word_end, LIT("client=")) || _starts_with_ci(word, word_end, LIT("remote=")))
        value = word + 7;
      if (value)
        {
          if (!ip.ptr)
            axigen_address_parse_ip_first(value, (size_t) (word_end - value), &ip, &port);
          continue;
        }

      if (_starts_with_ci(word, word_end, LIT("user=")) || _starts_with_ci(word, word_end, LIT("account=")))
        {
          value = _find_byte(word, word_end, '=') + 1;
          if (!user && value < word_end)
            {
              if (*value == '\'' || *value == '"')
                value++;
              user = value;
              user_end = word_end;
              if (user_end > user && (user_end[-1] == '\'' || user_end[-1] == '"'))
                user_end--;
            }
          continue;
        }

      char open = *word;
      char closer = open == '[' ? ']' : open == '<' ? '>' : open == '\'' ? '\'' : open == '"' ? '"' : 0;
      if (closer)
        {
          const char *inner = word + 1;
          const char *inner_end = _find_byte(inner, end, closer);
          if (!inner_end || inner_end == inner)
            continue;
          p = inner_end + 1;

          AxigenSpan inner_ip, inner_port;
          if (axigen_address_split(inner, (size_t) (inner_end - inner), &inner_ip, &inner_port))
            {
              if (!ip.ptr)
                {
                  ip = inner_ip;
                  port = inner_port;
                }
            }
          else if (!user && !_find_byte(inner, inner_end, ' '))
            {
              user = inner;
              user_end = inner_end;
            }
          continue;
        }

      if (!ip.ptr && (_is_hex(*word) || *word == ':'))
        axigen_address_split(word, (size_t) (word_end - word), &ip, &port);
    }

  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, ip, port);
  _set(line, AXIGEN_FIELD_USER, user, user_end);
}

/* A line of no other shape that carries an "OP_..." result token.  Known
 * shapes are tried first: a login line stays a login even if such a token
 * turns up in it. */
static bool
_scan_security(AxigenLine *line, const char *m, const char *end)
{
  const char *op, *op_end;

  if (!_find_op_token(m, end, &op, &op_end))
    return false;

  line->event = AXIGEN_EVENT_SECURITY;
  _set(line, AXIGEN_FIELD_OP, op, op_end);
  _scan_security_words(line, m, end);
  return true;
}

/* ---- dispatch ----------------------------------------------------------- */

static bool
_scan_known_shape(AxigenLine *line, const char *m, const char *end)
{
  switch (m[0])
    {
    case '[':
      return _scan_connect(line, m, end);
    case 'c':
    case 'C':
      return _scan_disconnect(line, m, end);
    case 'R':
      return _scan_client_update(line, m, end);
    case 'S':
      return _scan_spf(line, m, end)
             || _scan_recipient_state(line, m, end)
             || _scan_tls_alert(line, m, end)
             || _scan_filter(line, m, end);
    case 'U':
      return _scan_user_authorized(line, m, end);
    case 'A':
      return _scan_authentication_error(line, m, end)
             || _scan_account_logged_in(line, m, end);
    case 'N':
      return _scan_mail_received(line, m, end);
    case 'M':
      return _scan_delivered(line, m, end);
    case 'F':
      return _scan_filter(line, m, end);
    case '<':
      return _scan_protocol(line, m, end) || _scan_web_request(line, m, end);
    case '>':
      return _scan_protocol(line, m, end);
    default:
      return false;
    }
}

void
axigen_messages_scan(AxigenLine *line, const char *m, const char *end)
{
  line->event = AXIGEN_EVENT_OTHER;
  if (m < end)
    {
      if (!_scan_known_shape(line, m, end)
          && !_scan_filter(line, m, end)
          && !(_is_upper(*m) && _scan_http_request_line(line, m, end, NULL, NULL)))
        _scan_security(line, m, end);
    }
}
