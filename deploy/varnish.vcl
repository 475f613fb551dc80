# Varnish in front of the app servers: caches public pages, never a reader's
# input or an editor's page, and drops everything when the app sends BAN.
#
#   varnishd -a :6081 -f /path/to/deploy/varnish.vcl -s malloc,256m
#
# Varnish sits between the TLS-terminating proxy (which sets
# X-Forwarded-Proto) and the app servers. The app decides what may be kept:
# public pages say "public, max-age=0, s-maxage=N, stale-while-revalidate=M",
# everything else "private, no-store", and Varnish's built-in rules keep
# nothing that says private/no-store or sets a cookie. The passes below are a
# second lock on the same doors. Each app server sends "BAN /" to VARNISH_URL
# after every content change (config/varnish.py).
vcl 4.1;

import directors;
import std;

# BEGIN app servers: one backend per app server, each added to the director.
# (tests/test_varnish.py replaces this block with the servers it starts.)
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = {
        # Readiness: database and cache reachable. Plain HTTP is allowed here.
        .url = "/readyz";
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
    # results, searches with a query, the report form) are never kept.
    if (req.url ~ "^/(admin|markdownx|media|healthz|readyz|which-therapy/result|report-a-mistake)"
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
    # Kept on the object so bans can match it in the background.
    set beresp.http.x-url = bereq.url;
    # TTL from s-maxage, grace from stale-while-revalidate; the built-in
    # vcl_backend_response that runs next refuses private, no-store,
    # no-cache and Set-Cookie.
}

sub vcl_deliver {
    unset resp.http.x-url;
    set resp.http.X-Cache = req.http.X-Cache;
}
