#!/usr/bin/python3
"""A loopback HTTPS server that serves a scenario directory (the bundle layout) the way a
Kubernetes API server and a public OIDC issuer do, for wi-doctor's live tests.

Kubernetes (requests whose Host is the API server's, 127.0.0.1 or localhost):
  discovery /.well-known/openid-configuration and /openid/v1/jwks from cluster/oidc/;
  lists of pods, serviceaccounts, deployments, mutatingwebhookconfigurations and the CAPZ kinds,
  cluster-wide or per namespace, from every JSON object under cluster/ (items without kind and
  apiVersion, as the API sends them), with labelSelector equality, limit/continue paging;
  container logs from logs/<ns>/<pod>/<container>.log honouring container= and tailLines=;
  bearer-token auth (401 Status otherwise) and per-resource 403 Status objects (--forbid);
  TokenRequest, its tokens signed RS256 with --signing-key when given (else a random signature).
The public issuer (any other Host): issuer/openid-configuration.json at
  <path>/.well-known/openid-configuration and issuer/jwks.json at <path>/openid/v1/jwks, with
  optional faults (--issuer-fault stall|endless|redirect-loop|redirect-http|status:<code>).

Binds 127.0.0.1 on a free port and prints "PORT <n>" on stdout once it listens. Only the stdlib.
"""
import argparse
import base64
import json
import os
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RESOURCES = {
    # plural: (group/version, Kind, namespaced)
    "pods": ("v1", "Pod", True),
    "serviceaccounts": ("v1", "ServiceAccount", True),
    "deployments": ("apps/v1", "Deployment", True),
    "mutatingwebhookconfigurations": ("admissionregistration.k8s.io/v1",
                                      "MutatingWebhookConfiguration", False),
    "azureclusteridentities": ("infrastructure.cluster.x-k8s.io/v1beta1", "AzureClusterIdentity",
                               True),
    "azureclusters": ("infrastructure.cluster.x-k8s.io/v1beta1", "AzureCluster", True),
    "azuremachinetemplates": ("infrastructure.cluster.x-k8s.io/v1beta1", "AzureMachineTemplate",
                              True),
    "azuremanagedcontrolplanes": ("infrastructure.cluster.x-k8s.io/v1beta1",
                                  "AzureManagedControlPlane", True),
}


def load_objects(scenario):
    """Every Kubernetes object in a JSON file under cluster/ (lists are unpacked)."""
    objects = []
    root = os.path.join(scenario, "cluster")
    for dirpath, _, files in os.walk(root):
        if os.path.relpath(dirpath, root).startswith("oidc"):
            continue
        for f in sorted(files):
            if not f.endswith(".json"):
                continue
            with open(os.path.join(dirpath, f)) as fh:
                doc = json.load(fh)
            items = doc.get("items", []) if doc.get("kind", "").endswith("List") else [doc]
            objects.extend(o for o in items if isinstance(o, dict) and "kind" in o)
    return objects


def status_body(code, reason, message, kind=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}
    if kind:
        body["details"] = {"kind": kind}
    return body


def matches_selector(obj, selector):
    if not selector:
        return True
    labels = obj.get("metadata", {}).get("labels", {}) or {}
    for term in selector.split(","):
        key, _, value = term.partition("=")
        if labels.get(key) != value:
            return False
    return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-cluster"

    def log_message(self, fmt, *args):  # quiet: the test reads wi-doctor's output, not ours
        pass

    # -- plumbing --------------------------------------------------------------------------
    def send_json(self, code, body, content_type="application/json"):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_text(self, code, text, content_type="text/plain"):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_file(self, path):
        if not os.path.isfile(path):
            self.send_json(404, status_body(404, "NotFound", "the server could not find the "
                                            "requested resource"))
            return
        with open(path, "rb") as fh:
            data = fh.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's name)
        host = self.headers.get("Host", "").rsplit(":", 1)[0]
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.server.requests.append(self.path)
        if host in ("127.0.0.1", "localhost", "[::1]"):
            self.kube(url.path, query)
        else:
            self.issuer(url.path)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length)
        if not self.authorized():
            return
        parts = [p for p in urllib.parse.urlsplit(self.path).path.split("/") if p]
        # /api/v1/namespaces/<ns>/serviceaccounts/<name>/token
        if len(parts) != 7 or parts[4] != "serviceaccounts" or parts[6] != "token":
            return self.send_json(404, status_body(404, "NotFound", "the server could not find "
                                                   "the requested resource"))
        self.token_request(parts[3], parts[5], body)

    def token_request(self, namespace, name, body):
        """TokenRequest as the API checks it: expirationSeconds >= 600, the audience asked for."""
        if "serviceaccounts/token" in self.server.opts.forbid:
            msg = ('serviceaccounts "%s" is forbidden: User "system:serviceaccount:default:'
                   'wi-doctor" cannot create resource "serviceaccounts/token" in API group "" in '
                   'the namespace "%s"' % (name, namespace))
            return self.send_json(403, status_body(403, "Forbidden", msg, "serviceaccounts"))
        sa = next((o for o in self.server.objects if o.get("kind") == "ServiceAccount" and
                   o["metadata"].get("namespace") == namespace and
                   o["metadata"]["name"] == name), None)
        if sa is None:
            return self.send_json(404, status_body(404, "NotFound", 'serviceaccounts "%s" not '
                                                   'found' % name, "serviceaccounts"))
        req = json.loads(body or b"{}")
        spec = req.get("spec", {})
        audiences = spec.get("audiences") or []
        seconds = spec.get("expirationSeconds", 3600)
        if seconds < 600:
            return self.send_json(422, status_body(
                422, "Invalid", 'TokenRequest.authentication.k8s.io "%s" is invalid: '
                'spec.expirationSeconds: Invalid value: %d: may not specify a duration less '
                'than 10 minutes' % (name, seconds)))
        if audiences != ["api://AzureADTokenExchange"]:
            return self.send_json(400, status_body(400, "BadRequest", "unexpected audiences %r"
                                                   % audiences))
        with open(os.path.join(self.server.opts.scenario, "cluster", "oidc",
                               "openid-configuration.json")) as fh:
            issuer = json.load(fh)["issuer"]
        with open(os.path.join(self.server.opts.scenario, "cluster", "oidc", "jwks.json")) as fh:
            kid = json.load(fh)["keys"][0]["kid"]
        now = int(time.time())
        claims = {"aud": audiences, "exp": now + seconds, "iat": now, "nbf": now, "iss": issuer,
                  "sub": "system:serviceaccount:%s:%s" % (namespace, name),
                  "kubernetes.io": {"namespace": namespace,
                                    "serviceaccount": {"name": name,
                                                       "uid": "0b7f2c1e-4d3a-4f6b-9c8d-7e6f5a4b3c2d"}}}

        def b64(obj):
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        signing_input = "%s.%s" % (b64({"alg": "RS256", "kid": kid}), b64(claims))
        token = "%s.%s" % (signing_input, self.signature(signing_input))
        self.send_json(201, {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
                             "metadata": {"name": name, "namespace": namespace},
                             "spec": {"audiences": audiences, "expirationSeconds": seconds},
                             "status": {"token": token,
                                        "expirationTimestamp": time.strftime(
                                            "%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + seconds))}})

    def signature(self, signing_input):
        """RS256 with --signing-key (the openssl CLI signs); else random bytes, which is all a
        test that never verifies the token needs."""
        key = self.server.opts.signing_key
        if not key:
            return base64.urlsafe_b64encode(os.urandom(256)).rstrip(b"=").decode()
        sig = subprocess.run(["/usr/bin/openssl", "dgst", "-sha256", "-sign", key],
                             input=signing_input.encode(), stdout=subprocess.PIPE,
                             check=True).stdout
        return base64.urlsafe_b64encode(sig).rstrip(b"=").decode()

    # -- the public issuer -----------------------------------------------------------------
    def issuer(self, path):
        fault = self.server.opts.issuer_fault
        if fault == "stall":
            time.sleep(3600)
            return
        if fault == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"{\"keys\": [" + b" " * 65536)
            except OSError:
                return
        if fault == "redirect-loop":
            self.send_response(302)
            self.send_header("Location", path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fault == "redirect-http":
            self.send_response(302)
            self.send_header("Location", "http://" + self.headers.get("Host", "") + path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fault and fault.startswith("status:"):
            code = int(fault.split(":", 1)[1])
            self.send_text(code, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
                           "PublicAccessNotPermitted</Code><Message>Public access is not "
                           "permitted on this storage account.</Message></Error>",
                           "application/xml")
            return
        scenario = self.server.opts.scenario
        if path.endswith("/.well-known/openid-configuration"):
            self.send_file(os.path.join(scenario, "issuer", "openid-configuration.json"))
        elif path.endswith("/openid/v1/jwks"):
            self.send_file(os.path.join(scenario, "issuer", "jwks.json"))
        else:
            self.send_text(404, "The specified blob does not exist.", "application/xml")

    # -- the Kubernetes API ----------------------------------------------------------------
    def authorized(self):
        if self.server.opts.client_ca and self.connection.getpeercert():
            return True  # a client certificate the test CA signed (verified by the TLS layer)
        want = self.server.opts.token
        if (want or self.server.opts.client_ca) and \
                self.headers.get("Authorization", "") != "Bearer " + want:
            self.send_json(401, status_body(401, "Unauthorized", "Unauthorized"))
            return False
        return True

    def kube(self, path, query):
        if not self.authorized():
            return
        scenario = self.server.opts.scenario
        if path == "/.well-known/openid-configuration":
            return self.send_file(os.path.join(scenario, "cluster", "oidc",
                                               "openid-configuration.json"))
        if path == "/openid/v1/jwks":
            return self.send_file(os.path.join(scenario, "cluster", "oidc", "jwks.json"))
        parts = [p for p in path.split("/") if p]
        # /api/v1/... or /apis/<group>/<version>/...
        rest = parts[2:] if parts[:1] == ["api"] else parts[3:]
        namespace = None
        if len(rest) >= 2 and rest[0] == "namespaces":
            namespace, rest = rest[1], rest[2:]
        if len(rest) == 3 and rest[0] == "pods" and rest[2] == "log":
            return self.pod_log(namespace, rest[1], query)
        if len(rest) == 2 and rest[0] == "secrets":
            return self.secret(namespace, rest[1])
        if len(rest) != 1 or rest[0] not in RESOURCES:
            return self.send_json(404, status_body(404, "NotFound", "the server could not find "
                                                   "the requested resource"))
        self.list(rest[0], namespace, query)

    def first_answer_fault(self, resource):
        """--kube-fault flaky:<resource> answers its first request 500, throttle:<resource> 429
        with Retry-After: 1; the next request is served."""
        for fault in self.server.opts.kube_fault:
            name, _, target = fault.partition(":")
            if target != resource or self.server.seen.get(self.path):
                continue
            self.server.seen[self.path] = True
            if name == "flaky":
                self.send_json(500, status_body(500, "InternalError", "Internal error occurred: "
                                                "etcdserver: request timed out"))
                return True
            if name == "throttle":
                body = json.dumps(status_body(429, "TooManyRequests", "the server has received "
                                              "too many requests and has asked us to try again "
                                              "later")).encode()
                self.send_response(429)
                self.send_header("Content-Type", "application/json")
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return True
        return False

    def list(self, resource, namespace, query):
        api_version, kind, namespaced = RESOURCES[resource]
        if self.first_answer_fault(resource):
            return
        if resource in self.server.opts.forbid:
            where = (" in the namespace \"%s\"" % namespace) if namespace else " at the cluster scope"
            group = api_version.split("/")[0] if "/" in api_version else ""
            msg = ('%s is forbidden: User "system:serviceaccount:default:wi-doctor" cannot list '
                   'resource "%s" in API group "%s"%s' % (resource, resource, group, where))
            return self.send_json(403, status_body(403, "Forbidden", msg, resource))
        items = [o for o in self.server.objects if o.get("kind") == kind and
                 (namespace is None or o.get("metadata", {}).get("namespace") == namespace) and
                 matches_selector(o, query.get("labelSelector", ""))]
        items.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
        start = 0
        if query.get("continue"):
            start = int(base64.b64decode(query["continue"]).decode())
        limit = int(query.get("limit", "0") or 0)
        end = len(items) if limit <= 0 else min(len(items), start + limit)
        meta = {"resourceVersion": "48213"}
        if end < len(items):
            meta["continue"] = base64.b64encode(str(end).encode()).decode()
        page = []
        for o in items[start:end]:
            o = dict(o)
            o.pop("kind", None)
            o.pop("apiVersion", None)
            page.append(o)
        self.send_json(200, {"kind": kind + "List", "apiVersion": api_version, "metadata": meta,
                             "items": page})

    def secret(self, namespace, name):
        if "secrets" in self.server.opts.forbid:
            msg = ('secrets "%s" is forbidden: User "system:serviceaccount:default:wi-doctor" '
                   'cannot get resource "secrets" in API group "" in the namespace "%s"'
                   % (name, namespace))
            return self.send_json(403, status_body(403, "Forbidden", msg, "secrets"))
        obj = next((o for o in self.server.objects if o.get("kind") == "Secret" and
                    o["metadata"].get("namespace") == namespace and
                    o["metadata"]["name"] == name), None)
        if obj is None:
            return self.send_json(404, status_body(404, "NotFound",
                                                   'secrets "%s" not found' % name, "secrets"))
        self.send_json(200, obj)

    def pod_log(self, namespace, pod, query):
        if "pods/log" in self.server.opts.forbid:
            msg = ('pods "%s" is forbidden: User "system:serviceaccount:default:wi-doctor" cannot '
                   'get resource "pods/log" in API group "" in the namespace "%s"' % (pod, namespace))
            return self.send_json(403, status_body(403, "Forbidden", msg, "pods"))
        obj = next((o for o in self.server.objects if o.get("kind") == "Pod" and
                    o["metadata"].get("namespace") == namespace and
                    o["metadata"]["name"] == pod), None)
        if obj is None:
            return self.send_json(404, status_body(404, "NotFound", 'pods "%s" not found' % pod,
                                                   "pods"))
        names = [c["name"] for c in obj["spec"].get("containers", [])]
        container = query.get("container")
        if not container:
            if len(names) != 1:
                return self.send_json(400, status_body(
                    400, "BadRequest", "a container name must be specified for pod %s, choose "
                    "one of: [%s]" % (pod, " ".join(names))))
            container = names[0]
        if container not in names:
            return self.send_json(400, status_body(
                400, "BadRequest", "container %s is not valid for pod %s" % (container, pod)))
        path = os.path.join(self.server.opts.scenario, "logs", namespace, pod, container + ".log")
        text = open(path).read() if os.path.isfile(path) else ""
        if "tailLines" in query:
            lines = text.splitlines(keepends=True)
            n = int(query["tailLines"])
            text = "".join(lines[-n:]) if n > 0 else ""
        self.send_text(200, text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--token", default="")
    p.add_argument("--forbid", action="append", default=[])
    p.add_argument("--issuer-fault", default="")
    p.add_argument("--kube-fault", action="append", default=[])
    p.add_argument("--client-ca", default="", help="accept client certificates signed by this CA")
    p.add_argument("--signing-key", default="", help="PEM key that signs minted tokens (RS256)")
    opts = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.opts = opts
    server.objects = load_objects(opts.scenario)
    server.requests = []
    server.seen = {}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts.cert, opts.key)
    if opts.client_ca:
        ctx.verify_mode = ssl.CERT_OPTIONAL
        ctx.load_verify_locations(opts.client_ca)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Stop when the test closes our stdin (or dies): never outlive the test.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
