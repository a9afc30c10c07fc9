#!/ usr / bin / python3
"""A loopback HTTPS server that speaks Azure Resource Manager and Entra's token endpoint for a
scenario directory (the bundle layout), for wi-doctor's live tests.

ARM (GET): /subscriptions, the user-assigned identities of a subscription, each identity's
  federatedIdentityCredentials, roleAssignments with $filter=assignedTo('<principalId>'), and a
  role definition by its id, from the scenario's azure/ files (az CLI or ARM shapes; served in
  ARM's shape). As ARM does: a bearer token is required (401 AuthenticationFailed), api-version
  is required (400 MissingApiVersionParameter), lists come in pages of --page-size with an
  absolute nextLink. Faults: --fault throttle:<kind> answers the first request of that kind 429
  with Retry-After: 1, --fault flaky:<kind> answers it 500;
kinds are subscriptions, identities, credentials, assignments,
    definitions.--extra -
        identities N adds N unrelated identities.Entra(POST / <tenant> / oauth2 / v2 .0 / token)
    : checks grant_type = client_credentials,
             the jwt - bearer client_assertion_type, scope = https
    :  // management.azure.com/.default, the tenant in the URL and
       the client_id,
             verifies the client assertion 's RS256 signature against the scenario' s issuer
                 / jwks.json(with `openssl dgst - verify`),
             its time range,
             and its iss / sub /
                 aud against the identity
                 's federated credentials; answers with Entra' s AADSTS error envelopes,
             or a token.

                     Binds 127.0.0.1 on a free port
                     and prints "PORT <n>" on stdout once it listens; exits when stdin
closes. Only the stdlib (and the openssl CLI).
"""
import argparse
import base64
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MI_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities"
FIC_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"
RA_TYPE = "Microsoft.Authorization/roleAssignments"
RD_TYPE = "Microsoft.Authorization/roleDefinitions"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ARM_SCOPE = "https://management.azure.com/.default"

#-- the scenario 's azure/ files, in ARM' s shape -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- --
def items_of(doc):
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get("value"), list):
        return doc["value"]
    return [doc] if isinstance(doc, dict) else []


def to_arm(item):
    """(kind, ARM-shaped item) for an az CLI or ARM item."""
    p = item.get("properties") if isinstance(item.get("properties"), dict) else None
    flat = p is None
    f = item if flat else p
    if "issuer" in f and "subject" in f:
        kind, keys = "fic", ["issuer", "subject", "audiences"]
    elif "principalId" in f and "roleDefinitionId" in f:
        kind, keys = "ra", ["roleDefinitionId", "principalId", "principalType", "scope",
                            "condition", "conditionVersion", "createdOn", "updatedOn",
                            "createdBy", "updatedBy", "delegatedManagedIdentityResourceId",
                            "description"]
    elif "roleName" in f and "permissions" in f:
        kind, keys = "rd", ["roleName", "type", "description", "assignableScopes", "permissions",
                            "createdOn", "updatedOn", "createdBy", "updatedBy"]
        if flat:
            f = dict(f, type=f.get("roleType", "BuiltInRole"))
    elif "clientId" in f and "principalId" in f:
        kind, keys = "mi", ["tenantId", "principalId", "clientId"]
    else:
        return None, None
    if not flat:
        return kind, item
    out = {k: item[k] for k in ("id", "name", "location", "tags", "systemData") if k in item}
    out["type"] = {"fic": FIC_TYPE, "ra": RA_TYPE, "rd": RD_TYPE, "mi": MI_TYPE}[kind]
    out["properties"] = {k: f[k] for k in keys if k in f}
    return kind, out


def load_azure(scenario):
    found = {"mi": [], "fic": [], "ra": [], "rd": []}
    root = os.path.join(scenario, "azure")
    for dirpath, _, files in os.walk(root):
        if os.path.relpath(dirpath, root).startswith("exchange"):
            continue
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(dirpath, name)) as fh:
                doc = json.load(fh)
            for item in items_of(doc):
                kind, arm = to_arm(item) if isinstance(item, dict) else (None, None)
                if kind:
                    found[kind].append(arm)
    return found


def unrelated_identities(n, subscription, tenant):
    out = []
    for i in range(n):
        name = "unrelated-identity-%02d" % i
        out.append({"id": "/subscriptions/%s/resourcegroups/other-rg/providers/%s/%s"
                          % (subscription, MI_TYPE, name),
                    "name": name, "type": MI_TYPE, "location": "westeurope", "tags": {},
                    "properties": {"tenantId": tenant,
                                   "principalId": str(uuid.UUID(int=0x5000 + i)),
                                   "clientId": str(uuid.UUID(int=0x6000 + i))}})
    return out

#-- JOSE helpers -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -
def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_int(x):
    b = x.to_bytes(x.bit_length() // 8 + 1, "big")
    return b"\x02" + der_len(len(b)) + b


def der_seq(*parts):
    body = b"".join(parts)
    return b"\x30" + der_len(len(body)) + body


def rsa_jwk_to_pem(jwk):
    n = int.from_bytes(b64url_decode(jwk["n"]), "big")
    e = int.from_bytes(b64url_decode(jwk["e"]), "big")
    rsa = der_seq(der_int(n), der_int(e))
    alg = der_seq(b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", b"\x05\x00")
    spki = der_seq(alg, b"\x03" + der_len(len(rsa) + 1) + b"\x00" + rsa)
    text = base64.b64encode(spki).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def rs256_verifies(signed, signature, jwk):
    # An RS256 signature is exactly as long as the modulus (RFC 7518 3.3); openssl alone would
    # accept a trailing byte.
    if len(signature) != len(b64url_decode(jwk["n"]).lstrip(b"\0")):
        return False
    with tempfile.TemporaryDirectory() as d:
        paths = {
k: os.path.join(d, k) for k in ("key.pem", "data", "sig")}
        with open(paths["key.pem"], "w") as fh:
            fh.write(rsa_jwk_to_pem(jwk))
        with open(paths["data"], "wb") as fh:
            fh.write(signed)
        with open(paths["sig"], "wb") as fh:
            fh.write(signature)
        r = subprocess.run(["/usr/bin/openssl", "dgst", "-sha256", "-verify", paths["key.pem"],
                            "-signature", paths["sig"], paths["data"]],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return r.returncode == 0

#-- Entra's answers ------------------------------------------------------------------------
def aadsts(code, error, text):
    now = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    return {
  "error": error,
            "error_description": "AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\n"
                                 "Timestamp: %s" % (code, text, trace, correlation, now),
            "error_codes": [code], "timestamp": now, "trace_id": trace,
            "correlation_id": correlation,
            "error_uri": "https://login.microsoftonline.com/error?code=%d" % code}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-azure"

    def log_message(self, fmt, *args):
        pass

    def send_json(self, code, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def arm_error(self, code, err, message):
        self.send_json(code, {"error": {"code": err, "message": message}})

#-- ARM -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- --
    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.server.log.append(self.path)
        if not self.headers.get("Authorization", "").startswith("Bearer "):
            return self.arm_error(401, "AuthenticationFailed",
                                  "Authentication failed. The 'Authorization' header is missing.")
        if self.headers["Authorization"] != "Bearer " + self.server.opts.token:
            return self.arm_error(401, "InvalidAuthenticationToken",
                                  "The access token is invalid.")
        if "api-version" not in query:
            return self.arm_error(400, "MissingApiVersionParameter",
                                  "The api-version query parameter (?api-version=) is required "
                                  "for all requests.")
        parts = [p for p in url.path.split("/") if p]
        kind, items = self.route(parts, query)
        if kind is None:
            return self.arm_error(404, "ResourceNotFound" if items is None else items,
                                  "The Resource was not found.")
        if self.fault(kind):
            return
        if isinstance(items, dict):
            return self.send_json(200, items)
        self.page(items, query)

    def route(self, parts, query):
        """(fault kind, items or one object); (None, code) when nothing answers."""
        d = self.server.data
        lower = [p.lower() for p in parts]
        if lower == ["subscriptions"]:
            return "subscriptions", [{"id": "/subscriptions/" + self.server.subscription,
                                      "subscriptionId": self.server.subscription,
                                      "tenantId": self.server.tenant,
                                      "displayName": "capz-e2e", "state": "Enabled"}]
        if len(lower) < 2 or lower[0] != "subscriptions" or \
                lower[1] != self.server.subscription.lower():
            return None, "SubscriptionNotFound"
        path = "/" + "/".join(lower)
        if lower[2:] == ["providers", "microsoft.managedidentity", "userassignedidentities"]:
            return "identities", d["mi"]
        if lower[-1] == "federatedidentitycredentials":
            owner = path[:-len("/federatedidentitycredentials")]
            return "credentials", [f for f in d["fic"]
                                   if f["id"].lower().startswith(owner + "/")]
        if lower[2:] == ["providers", "microsoft.authorization", "roleassignments"]:
            flt = query.get("$filter", "")
            if not flt.startswith("assignedTo('") or not flt.endswith("')"):
                return None, "InvalidFilterInQueryString"
            principal = flt[len("assignedTo('"):-2]
            return "assignments", [r for r in d["ra"]
                                   if r["properties"]["principalId"] == principal]
        if "roledefinitions" in lower:
            guid = lower[-1]
            found = [r for r in d["rd"] if r.get("name", "").lower() == guid or
                     r.get("id", "").lower().endswith("/" + guid)]
            return ("definitions", found[0]) if found else (None, "RoleDefinitionDoesNotExist")
        return None, None

    def fault(self, kind):
        for f in self.server.opts.fault:
            name, _, target = f.partition(":")
            if target != kind or self.server.seen.get(f):
                continue
            self.server.seen[f] = True
            if name == "throttle":
                self.send_json(429, {"error": {"code": "TooManyRequests", "message":
                                               "The request is being throttled."}},
                               [("Retry-After", "1")])
                return True
            if name == "flaky":
                self.arm_error(500, "InternalServerError", "Encountered internal server error. "
                               "Diagnostic information: timestamp '%s'." %
                               time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
                return True
        return False

    def page(self, items, query):
        start = int(query.get("$skiptoken", "0") or 0)
        size = self.server.opts.page_size
        end = min(len(items), start + size)
        body = {
  "value" : items [start:end]}
        if end < len(items):
            q = dict(query)
            q["$skiptoken"] = str(end)
            host = self.headers.get("Host", "127.0.0.1")
            body["nextLink"] = "https://%s%s?%s" % (host, urllib.parse.urlsplit(self.path).path,
                                                    urllib.parse.urlencode(q))
        self.send_json(200, body)

#-- Entra -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- --
    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", "0") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        parts = [p for p in urllib.parse.urlsplit(self.path).path.split("/") if p]
        self.server.log.append("POST " + self.path)
        if len(parts) != 4 or parts[1:] != ["oauth2", "v2.0", "token"]:
            return self.send_json(404, {"error": "not_found"})
        code, body = self.token(parts[0], form)
        self.send_json(code, body)

    def token(self, tenant, form):
        if tenant.lower() != self.server.tenant.lower():
            return 400, aadsts(90002, "invalid_tenant", "Tenant '%s' not found. Check to make "
                               "sure you have the correct tenant ID and are signing into the "
                               "correct cloud." % tenant)
        if form.get("grant_type") != "client_credentials":
            return 400, aadsts(70003, "unsupported_grant_type", "The app requested an "
                               "unsupported grant type '%s'." % form.get("grant_type", ""))
        if form.get("client_assertion_type") != JWT_BEARER:
            return 400, aadsts(7000218, "invalid_client", "The request body must contain the "
                               "following parameter: 'client_assertion' or 'client_secret'.")
        if form.get("scope") != ARM_SCOPE:
            return 400, aadsts(70011, "invalid_scope", "The provided request must include a "
                               "'scope' input parameter. The provided value for the input "
                               "parameter 'scope' is not valid. The scope %s is not valid."
                               % form.get("scope", ""))
        client_id = form.get("client_id", "")
        mi = next((m for m in self.server.data["mi"]
                   if m["properties"]["clientId"].lower() == client_id.lower()), None)
        if mi is None:
            return 400, aadsts(700016, "unauthorized_client", "Application with identifier "
                               "'%s' was not found in the directory '%s'." % (client_id, tenant))
        return self.assertion(mi, form.get("client_assertion", ""))

    def assertion(self, mi, token):
        segs = token.split(".")
        try:
            header = json.loads(b64url_decode(segs[0]))
            claims = json.loads(b64url_decode(segs[1]))
            signature = b64url_decode(segs[2])
        except (ValueError, IndexError):
            return 400, aadsts(50027, "invalid_request", "JWT token is invalid or malformed.")
        iss, sub, aud = claims.get("iss", ""), claims.get("sub", ""), claims.get("aud", "")
        aud = aud[0] if isinstance(aud, list) and aud else aud
        with open(os.path.join(self.server.opts.scenario, "issuer", "jwks.json")) as fh:
            keys = json.load(fh).get("keys", [])
        key = next((k for k in keys if k.get("kid") == header.get("kid")), None)
        if key is None:
            return 401, aadsts(7000272, "invalid_client", "The certificate with identifier %s "
                               "used to sign the federated credential could not be found in the "
                               "metadata of identity provider %s. Please validate that your "
                               "Identity Provider's metadata exposes the key used to sign the "
                               "incoming token." % (header.get("kid", ""), iss))
        signed = (segs[0] + "." + segs[1]).encode()
        if header.get("alg") != "RS256" or not rs256_verifies(signed, signature, key):
            return 401, aadsts(700027, "invalid_client",
                               "Client assertion failed signature validation.")
        now = time.time()
        if not claims.get("nbf", 0) - 300 <= now <= claims.get("exp", 0) + 300:
            return 400, aadsts(700024, "invalid_client",
                               "Client assertion is not within its valid time range.")
        fics = [f["properties"] for f in self.server.data["fic"]
                if f["id"].lower().startswith(mi["id"].lower() + "/")]
        if not any(f.get("issuer") == iss and f.get("subject") == sub and
                   aud in f.get("audiences", []) for f in fics):
            return 400, aadsts(70021, "invalid_client", "No matching federated identity record "
                               "found for presented assertion. Assertion Issuer: '%s'. Assertion "
                               "Subject: '%s'. Assertion Audience: '%s'. https://docs.microsoft"
                               ".com/en-us/azure/active-directory/develop/workload-identity-"
                               "federation" % (iss, sub, aud))
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                     "access_token": self.server.opts.issued_token}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--token", required=True, help="the ARM bearer token required")
    p.add_argument("--issued-token", required=True, help="the access token a good exchange gets")
    p.add_argument("--page-size", type=int, default=100)
    p.add_argument("--fault", action="append", default=[])
    p.add_argument("--extra-identities", type=int, default=0)
    p.add_argument("--log", default="", help="write the requests seen here on exit")
    opts = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.opts = opts
    server.data = load_azure(opts.scenario)
    mis = server.data["mi"]
    server.subscription = mis[0]["id"].split("/")[2] if mis else str(uuid.UUID(int=1))
    server.tenant = mis[0]["properties"]["tenantId"] if mis else str(uuid.UUID(int=2))
    server.data["mi"] = unrelated_identities(opts.extra_identities, server.subscription,
                                             server.tenant) + mis
    server.log = []
    server.seen = {}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts.cert, opts.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()
    if opts.log:
        with open(opts.log, "w") as fh:
            fh.write("\n".join(server.log) + "\n")


if __name__ == "__main__":
    main()
