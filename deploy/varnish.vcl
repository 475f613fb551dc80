# Varnish in front of the app servers: caches public pages, never a reader's
# input or an editor's page, and drops everything when the app sends BAN.
#
#   varnishd -a 127.0.0.1:6081 -f /path/to/deploy/varnish.vcl -s malloc,256m
#
# Varnish sits between nginx (deploy/nginx.conf: TLS, buffers request bodies,
# sets X-Forwarded-For and X-Forwarded-Proto) and the app servers; Varnish
# appends nginx's address to X-Forwarded-For, so the app servers name both in
# DJANGO_TRUSTED_PROXIES. The app decides what may be kept:
# public pages say "public, max-age=0, s-maxage=N, stale-while-revalidate=M",
# everything else "private, no-store", and Varnish's built-in rules keep
# nothing that says private/no-store or sets a cookie. The passes below are a
# second lock on the same doors. Each app server sends "BAN /" to VARNISH_URL
# after every content change (config/varnish.py).
#
# Logs: varnishd keeps requests only in a shared-memory ring that is
# overwritten. Debian's varnish package also enables varnishncsa, which
# writes every request line, readers' chooser answers and searches included,
# to /var/log/varnish/varnishncsa.log. Switch it off:
#   systemctl disable --now varnishncsa
# or log the path without the query string (%U, never %r or %q): README,
# Production.
vcl 4.1;

import directors;
import std;

# BEGIN app servers: one backend per app server, each added to the director.
# (tests/test_varnish.py replaces this block with the servers it starts.)
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    # The Host the probe sends: a name in DJANGO_ALLOWED_HOSTS, or every
    # probe is a 400 and the server is taken out.
    .host_header = "therapies.example.org";
    .probe = {
        # Liveness, not readiness: /readyz fails when Redis or PostgreSQL is
        # down, which would take every server out and turn a partial outage
        # (the app serves pages from the database without Redis, and from
        # memory without PostgreSQL) into "503" for every page not cached,
        # /urgent-help/ included. Plain HTTP is allowed here.
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}
# END app servers

# Who may send BAN: the app servers. Add their addresses when they run on
# other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    # Set only by this VCL, never taken from the client.
    unset req.http.X-Cache;
    # While an app server is up, a page past its s-maxage is served at most
    # this long (the app's stale-while-revalidate, DJANGO_CDN_STALE_SECONDS,
    # 30 by default; keep them equal) while a fresh copy is fetched. When
    # none is up, the stale copy is served for as long as it is kept (grace,
    # vcl_backend_response) rather than an error.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }

    if (req.method == "BAN") {
        # A request that came through the TLS proxy carries X-Forwarded-Proto
        # (the proxy always sets it) and arrives from the proxy's address,
        # which may well be localhost: refuse it, so no reader can empty the
        # cache. The app's own BAN goes straight to Varnish without it.
        if (client.ip !~ purgers || req.http.X-Forwarded-Proto) {
            return (synth(405, "BAN not allowed"));
        }
        # Every page depends on the content, so a content change drops all.
        # Only obj.* in the expression, so the ban lurker can clear it.
        ban("obj.http.x-url ~ ^/");
        return (synth(200, "Banned"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # POSTs (sign-in, report a mistake, admin saves) and anything else.
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Editors and the admin; pages holding what a reader typed (chooser
    # results and their summaries, searches with a query, the report form)
    # are never kept.
    if (req.url ~ "^/(admin|markdownx|media|healthz|readyz|which-therapy/(result|summary)|report-a-mistake)"
        || (req.url ~ "^/search" && req.url != "/search/")) {
        return (pass);
    }
    # Signed-in editors and readers who used a form (CSRF cookie) are served
    # by the app directly; any other cookie never changes a public page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    unset req.http.Cookie;
    # "?b=1&a=2" and "?a=2&b=1" are the same page.
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_hash {
    # An http:// request is redirected to https:// by the app; never answer it
    # with a page cached for https://. The built-in vcl_hash adds URL and host.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_hit {
    set req.http.X-Cache = "hit";
}

sub vcl_miss {
    set req.http.X-Cache = "miss";
}

sub vcl_pass {
    set req.http.X-Cache = "pass";
}

sub vcl_backend_response {
    # A refresh in the background that fails (the app answers 5xx: its
    # database is down) keeps the stale copy rather than replacing it.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Kept on the object so bans can match it in the background.
    set beresp.http.x-url = bereq.url;
    # TTL from s-maxage. Kept six hours past it to serve while no app server
    # is up (vcl_recv limits it to 30 s while one is); a content change bans
    # it like any other copy. The built-in vcl_backend_response that runs
    # next refuses private, no-store, no-cache and Set-Cookie.
    set beresp.grace = 6h;
}

sub vcl_backend_error {
    # No app server answered. A background refresh keeps the stale copy; a
    # reader waiting for the page gets the site's own "unavailable" page from
    # vcl_synth (see vcl_deliver), never Varnish's.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.http.x-backend-error = "1";
    set beresp.ttl = 0s;
    return (deliver);
}

sub vcl_deliver {
    if (resp.http.x-backend-error) {
        return (synth(503, "Service Unavailable"));
    }
    unset resp.http.x-url;
    set resp.http.X-Cache = req.http.X-Cache;
    call security_headers;
}

# Everything Varnish answers itself (its 503, the BAN answers, a malformed
# request): the site's security headers and a plain page of the site's own,
# with the urgent-help numbers, instead of Varnish's "Guru Meditation".
sub vcl_synth {
    call security_headers;
    set resp.http.Content-Type = "text/html; charset=utf-8";
    set resp.http.Cache-Control = "private, no-store";
    if (resp.status >= 500) {
        set resp.http.Retry-After = "30";
        set resp.body = {"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sorry, this page is not available just now - Therapy Compare</title>
</head>
<body>
<main>
<h1>Sorry, this page is not available just now</h1>
<p>We cannot show this page right now. Please try again in a few minutes.</p>
<h2>Need help now?</h2>
<ul>
<li>If you might act on thoughts of ending your life, or you or someone else is hurt or in danger, call <a href="tel:999">999</a> or go to A&amp;E now.</li>
<li>For urgent mental health help that is not an emergency, call <a href="tel:111">NHS 111</a> and choose the mental health option.</li>
<li>To talk to someone at any time, call Samaritans free on <a href="tel:116123">116 123</a>, or text SHOUT to 85258.</li>
</ul>
</main>
</body>
</html>
"};
    } else {
        set resp.body = {"<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>"} + resp.reason + {" - Therapy Compare</title></head>
<body><main><h1>"} + resp.reason + {"</h1><p><a href="/">Go to the home page</a>.</p></main></body>
</html>
"};
    }
    return (deliver);
}

# As the app sends them (config/middleware.py SecurityHeadersMiddleware,
# Django's SecurityMiddleware); a response that has its own keeps them.
# tests/test_varnish.py compares them with the app's.
sub security_headers {
    if (!resp.http.Content-Security-Policy) {
        set resp.http.Content-Security-Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }
    if (!resp.http.Permissions-Policy) {
        set resp.http.Permissions-Policy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";
    }
    if (!resp.http.X-Frame-Options) {
        set resp.http.X-Frame-Options = "DENY";
    }
    if (!resp.http.X-Content-Type-Options) {
        set resp.http.X-Content-Type-Options = "nosniff";
    }
    if (!resp.http.Referrer-Policy) {
        set resp.http.Referrer-Policy = "same-origin";
    }
    if (!resp.http.Cross-Origin-Opener-Policy) {
        set resp.http.Cross-Origin-Opener-Policy = "same-origin";
    }
    if (req.http.X-Forwarded-Proto == "https" && !resp.http.Strict-Transport-Security) {
        set resp.http.Strict-Transport-Security = "max-age=31536000; includeSubDomains; preload";
    }
}
