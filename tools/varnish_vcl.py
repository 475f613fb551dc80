"""deploy/varnish.vcl with its app-server block listing given local servers.

Used by `make bench` (tools/bench.py) and tests/test_varnish.py, which put
Varnish in front of app servers they start on loopback ports.
"""

import re
from pathlib import Path

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish.vcl"


def vcl_for(ports: list[int]) -> str:
    vcl = VCL.read_text()
    block = re.search(r"# BEGIN app servers.*?# END app servers", vcl, re.S).group(0)
    backend = re.search(r"backend app1 \{.*?\n\}\n", block, re.S).group(0)
    backends = "".join(
        backend.replace("app1", f"app{n}")
        .replace('"8000"', f'"{port}"')
        # The local servers answer to 127.0.0.1 (DJANGO_ALLOWED_HOSTS).
        .replace('"therapies.example.org"', '"127.0.0.1"')
        for n, port in enumerate(ports, start=1)
    )
    adds = "".join(f"    app.add_backend(app{n});\n" for n in range(1, len(ports) + 1))
    init = f"sub vcl_init {{\n    new app = directors.round_robin();\n{adds}}}\n"
    return vcl.replace(block, backends + init)
