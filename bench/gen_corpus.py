#!/usr/bin/env python3
"""Writes a reproducible synthetic bundle of controller logs with a known answer.

usage: gen_corpus.py --out DIR [--size-mib N] [--seed N] [--patterns FILE] [--check-every N]

The scanner's benchmarks (bench/scanner_bench.cc, bench/run_bench.sh) time it on this bundle, and
its differential test (tests/rules/scanner_differential_test.cc) checks its answer against the
manifest written here. Output:

  DIR/bundle/logs/<namespace>/<pod>/<container>.log   the logs, in wi-doctor's bundle layout
  DIR/manifest.json                                   beside the bundle, so it is never scanned

Each log is mostly routine traffic of its component (CAPZ and kube-apiserver in klog text, ASO and
the workload identity webhook in JSON lines, one workload using the Azure SDK), with a few failure
lines of 24 kinds placed at random and rare near misses that share words with the patterns but
must not match them. The manifest records, for every pattern of bench/patterns.txt (numbered from
1 over its non-blank lines), how many lines match it and the first and last match as "path:line"
(files in sorted path order, as a directory walk sees them). Python's `re` computes that: the
patterns stay in the common subset of RE2, Rust regex and GNU grep -E, where they agree.

The generator checks itself and stops on any mistake: every failure line must match a pattern,
no near miss may match one, and neither may a routine line (every routine line is checked when
--check-every is 1, the default up to 64 MiB; every Nth above that).

Standard library only. The same --seed and --size-mib give the same bytes.
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"

# (component, namespace, pod name without its suffix, container log, weight, replica suffix kind)
# Uneven weights on purpose: a scanner that splits work only per file is held up by the biggest.
FILES = [
    ("capz", "capz-system", "capz-controller-manager", "manager.log", 27),
    ("capz", "capz-system", "capz-controller-manager", "manager.log", 6),
    ("aso", "capz-system", "azureserviceoperator-controller-manager", "manager.log", 22),
    ("webhook", "azure-workload-identity-system", "azure-wi-webhook-controller-manager",
     "manager.log", 4),
    ("webhook", "azure-workload-identity-system", "azure-wi-webhook-controller-manager",
     "manager.log", 2),
    ("apiserver", "kube-system", "kube-apiserver-mgmt-control-plane", "kube-apiserver.log", 24),
    ("apiserver", "kube-system", "kube-apiserver-mgmt-control-plane", "kube-apiserver.log", 9),
    ("workload", "payments", "ledger-sync", "app.log", 6),
]


class Lines:
    """Line makers for one log file; all randomness comes from its own generator."""

    def __init__(self, rnd):
        self.rnd = rnd
        self.clock = 6 * 3600.0  # seconds after 2026-11-28T00:00:00Z
        self.guids = [self.guid() for _ in range(2000)]
        self.subscription = self.guid()
        self.tenant = self.guid()
        self.clusters = ["mgmt", "prod-weu-1", "dev-neu-2", "edge-eus2-3", "perf-7"]
        self.namespaces = ["default", "clusters", "team-a", "team-b", "capz-system"]
        self.ips = ["10.1.%d.%d" % (rnd.randint(0, 255), rnd.randint(1, 254)) for _ in range(30)]

    # -- fields --
    def guid(self):
        h = "%032x" % self.rnd.getrandbits(128)
        return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))

    def any_guid(self):
        return self.rnd.choice(self.guids)

    def pick(self, seq):
        return self.rnd.choice(seq)

    def advance(self):
        self.clock += self.rnd.expovariate(25.0)
        t = self.clock
        return 28 + int(t // 86400), int(t % 86400 // 3600), int(t % 3600 // 60), t % 60

    def klog(self, level, where, text):
        day, h, m, s = self.advance()
        return "%s11%02d %02d:%02d:%09.6f       1 %s] %s" % (level, day, h, m, s, where, text)

    def stamp(self):
        day, h, m, s = self.advance()
        return "2026-11-%02dT%02d:%02d:%06.3fZ" % (day, h, m, s)

    def zap(self, level, logger, msg, **fields):
        rec = {"level": level, "ts": self.stamp(), "logger": logger, "msg": msg}
        rec.update(fields)
        return json.dumps(rec, separators=(",", ":"))

    def arm_id(self, rtype="Microsoft.Network/virtualNetworks"):
        cluster = self.pick(self.clusters)
        return "/subscriptions/%s/resourceGroups/%s-rg/providers/%s/%s-%d" % (
            self.subscription, cluster, rtype, cluster, self.rnd.randint(0, 9))

    def capz_keys(self):
        ns, name = self.pick(self.namespaces), self.pick(self.clusters)
        return ('controller="azurecluster" controllerGroup="infrastructure.cluster.x-k8s.io" '
                'controllerKind="AzureCluster" AzureCluster="%s/%s" namespace="%s" name="%s" '
                'reconcileID="%s"' % (ns, name, ns, name, self.any_guid()))

    # -- routine traffic, one maker per component --
    def capz(self):
        x = self.rnd.random()
        if x < 0.5:
            msg = self.pick(["Reconciling AzureCluster", "Reconciling AzureMachine",
                             "reconciling resource", "Successfully reconciled",
                             "Patching object", "Getting existing resource",
                             "long running operation has completed",
                             "Bootstrap data secret is not yet available"])
            return self.klog("I", "azurecluster_controller.go:%d" % self.rnd.randint(90, 420),
                             '"%s" %s' % (msg, self.capz_keys()))
        if x < 0.8:
            return self.klog("I", "round_trippers.go:553",
                             '"Response" verb="%s" url="https://management.azure.com%s'
                             '?api-version=2023-09-01" status="%s" milliseconds=%d' % (
                                 self.pick(["GET", "GET", "PUT", "DELETE"]), self.arm_id(),
                                 self.pick(["200 OK", "200 OK", "201 Created", "202 Accepted",
                                            "404 Not Found"]), self.rnd.randint(9, 1800)))
        if x < 0.9:
            return self.klog("I", "leaderelection.go:281",
                             "successfully renewed lease capz-system/"
                             "controller-leader-election-capz")
        return self.klog("I", "async.go:%d" % self.rnd.randint(60, 140),
                         '"waiting for operation" resource="%s" futureData="%s"' % (
                             self.arm_id(), "".join(self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                              "abcdefghijklmnopqrstuvwxyz0123456789+/")
                                                    for _ in range(self.rnd.randint(40, 300)))))

    def aso(self):
        kind = self.pick(["ResourceGroup", "ManagedCluster", "UserAssignedIdentity",
                          "FederatedIdentityCredential", "RoleAssignment", "VirtualNetwork"])
        logger = "controllers.%sController" % kind
        x = self.rnd.random()
        if x < 0.6:
            return self.zap(self.pick(["info", "debug"]), logger,
                            self.pick(["Starting reconcile", "Resource successfully created",
                                       "Found resource: provisioningState: Succeeded",
                                       "Requeue after", "Monitoring long running operation"]),
                            name="%s-%s" % (self.pick(self.clusters), kind.lower()),
                            namespace=self.pick(self.namespaces), reconcileID=self.any_guid())
        if x < 0.85:
            tags = {"tag%d" % i: self.any_guid() for i in range(self.rnd.randint(0, 25))}
            body = json.dumps({"id": self.arm_id(), "properties": {"provisioningState":
                                                                    "Succeeded"}, "tags": tags})
            return self.zap("debug", logger, "HTTP response", method="GET",
                            statusCode=self.pick([200, 200, 201]), body=body)
        return self.zap("info", logger, "Condition changed", condition={
            "type": "Ready", "status": "True", "reason": "Succeeded",
            "lastTransitionTime": self.stamp()})

    def webhook(self):
        ns = self.pick(self.namespaces)
        if self.rnd.random() < 0.7:
            return self.zap("info", "webhook", "mutating pod", pod="%s/app-%05d" % (
                ns, self.rnd.randint(0, 99999)), serviceAccount=self.pick(
                    ["default", "capz-manager", "ledger-sync"]), clientID=self.any_guid())
        return self.zap("info", "admission", "received request", UID=self.any_guid(),
                        operation="CREATE", namespace=ns, allowed=True)

    def apiserver(self):
        x = self.rnd.random()
        if x < 0.75:
            return self.klog("I", "httplog.go:134",
                             '"HTTP" verb="%s" URI="/apis/infrastructure.cluster.x-k8s.io/v1beta1/'
                             'namespaces/%s/azureclusters/%s" latency="%.3fms" userAgent="manager/'
                             'v1.17.2" audit-ID="%s" srcIP="%s:%d" resp=%d' % (
                                 self.pick(["GET", "LIST", "WATCH", "PATCH"]),
                                 self.pick(self.namespaces), self.pick(self.clusters),
                                 self.rnd.uniform(0.3, 80), self.any_guid(), self.pick(self.ips),
                                 self.rnd.randint(30000, 60000), self.pick([200, 200, 201, 404])))
        if x < 0.9:
            return self.klog("I", "controller.go:615",
                             "quota admission added evaluator for: %s" % self.pick(
                                 ["leases.coordination.k8s.io", "azureclusters.infrastructure."
                                  "cluster.x-k8s.io", "jobs.batch", "endpoints"]))
        return self.klog("W", "watcher.go:%d" % self.rnd.randint(200, 260),
                         "watch chan error: etcdserver: mvcc: required revision has been compacted")

    def workload(self):
        if self.rnd.random() < 0.8:
            return self.zap("info", "ledger", "batch committed", batch=self.rnd.randint(1, 10**6),
                            rows=self.rnd.randint(1, 5000), traceID=self.any_guid())
        return self.zap("info", "azidentity", "WorkloadIdentityCredential.GetToken() acquired a "
                        "token for scope(s) https://storage.azure.com/.default")

    # -- failures: each returns one line that must match at least one pattern --
    def failure(self, kind):
        keys, tenant, client = self.capz_keys(), self.tenant, self.any_guid()
        issuer = "https://capz%04d.blob.core.windows.net/oidc/" % self.rnd.randint(0, 9999)
        rid = self.arm_id()
        if kind == "fic-no-match":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureCluster: WorkloadIdentityCredential authentication failed\\nPOST '
                             'https://login.microsoftonline.com/%s/oauth2/v2.0/token\\nRESPONSE 400: '
                             '400 Bad Request\\nAADSTS70021: No matching federated identity record '
                             'found for presented assertion. Assertion Issuer: \'%s\'. Assertion '
                             'Subject: \'system:serviceaccount:capz-system:capz-manager\'." %s' % (
                                 tenant, issuer, keys))
        if kind == "fic-issuer":
            return self.zap("error", "controllers.ManagedClusterController", "Reconciler error",
                            error="AADSTS700211: No matching federated identity record found for "
                            "presented assertion issuer '%s'." % issuer)
        if kind == "fic-audience":
            return self.zap("error", "controllers.RoleAssignmentController", "Reconciler error",
                            error="AADSTS700212: No matching federated identity record found for "
                            "presented assertion audience 'api://AzureADTokenExchange/'.")
        if kind == "fic-subject-case":
            return self.klog("E", "azureclusteridentity_controller.go:164", '"failed to get token" '
                             'err="AADSTS7002138: The subject of the presented assertion differs '
                             'only by case from a federated identity credential." %s' % keys)
        if kind == "app-missing":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureClusterIdentity: DefaultAzureCredential: failed to acquire a '
                             'token.\\n\\tClientSecretCredential: AADSTS700016: Application with '
                             'identifier \'%s\' was not found in the directory \'%s\'." %s' % (
                                 client, tenant, keys))
        if kind == "secret-invalid":
            return self.zap("error", "controllers.ResourceGroupController", "token request failed",
                            error="ClientSecretCredential authentication failed: AADSTS7000215: "
                            "Invalid client secret provided.")
        if kind == "secret-expired":
            return self.klog("E", "azureclusteridentity_controller.go:171", '"token refresh failed" '
                             'err="AADSTS7000222: The provided client secret keys for app \'%s\' '
                             'are expired." %s' % (client, keys))
        if kind == "assertion-time":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureMachine: AADSTS700024: Client assertion is not within its valid '
                             'time range. Current time: 2026-11-28T09:12:44Z." %s' % keys)
        if kind == "tenant-missing":
            return self.zap("error", "controllers.UserAssignedIdentityController", "Reconciler error",
                            error="AADSTS90002: Tenant '%s' not found." % tenant)
        if kind == "authz-failed":
            return self.klog("E", "virtualnetworks.go:%d" % self.rnd.randint(80, 200),
                             '"failed to create or update resource" err="PUT https://management.'
                             'azure.com%s\\nRESPONSE 403: 403 Forbidden\\nERROR CODE: '
                             'AuthorizationFailed\\nThe client \'%s\' does not have authorization to '
                             'perform action \'Microsoft.Network/virtualNetworks/write\' over scope '
                             '\'%s\'." %s' % (rid, client, rid, keys))
        if kind == "authz-linked":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureCluster: network.SubnetsClient#CreateOrUpdate: Failure sending '
                             'request: StatusCode=403 -- Original Error: Code=\\"LinkedAuthorization'
                             'Failed\\"" %s' % keys)
        if kind == "token-tenant":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureCluster: failed to get existing resource %s: RESPONSE 401: 401 '
                             'Unauthorized\\nERROR CODE: InvalidAuthenticationTokenTenant" %s' % (
                                 rid, keys))
        if kind == "rg-missing":
            return self.klog("E", "groups.go:%d" % self.rnd.randint(60, 120), '"failed to get '
                             'resource group" err="StatusCode=404 Code=\\"ResourceGroupNotFound\\" '
                             'Message=\\"Resource group \'%s-rg\' could not be found.\\"" %s' % (
                                 self.pick(self.clusters), keys))
        if kind == "cores-quota":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureMachinePool: Code=\\"OperationNotAllowed\\" Message=\\"Operation '
                             'results in exceeding approved standardDSv5Family Cores quota.\\"" %s'
                             % keys)
        if kind == "sku":
            return self.zap("error", "controllers.ManagedClustersAgentPoolController",
                            "Reconciler error", reason="BadRequest", error="(SkuNotAvailable) The "
                            "requested VM size Standard_D4s_v5 is not available in westeurope.")
        if kind == "throttled":
            return self.klog("E", "async.go:%d" % self.rnd.randint(60, 140), '"request failed" '
                             'err="StatusCode=429 Code=\\"TooManyRequests\\" Message=\\"The request '
                             'is being throttled.\\"" %s' % keys)
        if kind == "not-registered":
            return self.zap("error", "controllers.ManagedClusterController", "Reconciler error",
                            reason="Forbidden", error="MissingSubscriptionRegistration: The "
                            "subscription is not registered to use namespace "
                            "'Microsoft.ContainerService'.")
        if kind == "webhook-timeout":
            return self.klog("W", "dispatcher.go:217", '"Failed calling webhook, failing closed" '
                             'err="Internal error occurred: failed calling webhook \\"mutation.'
                             'azure-workload-identity.io\\": context deadline exceeded"')
        if kind == "cert-expired":
            return self.klog("E", "authentication.go:73", '"Unable to authenticate the request" '
                             'err="x509: certificate has expired or is not yet valid: current time '
                             '2026-11-28T09:12:44Z is after 2026-11-27T00:00:00Z"')
        if kind == "clientid-missing":
            return self.zap("error", "webhook", "failed to mutate pod", pod="default/app-%05d" %
                            self.rnd.randint(0, 99999), error="service account annotation "
                            "azure.workload.identity/client-id not set and AZURE_CLIENT_ID is "
                            "missing from the pod spec")
        if kind == "dial-refused":
            return self.klog("E", "controller.go:329", '"Reconciler error" err="failed to reconcile '
                             'AzureCluster: dial tcp %s:443: connect: connection refused" %s' % (
                                 self.pick(self.ips), keys))
        if kind == "etcd-timeout":
            return self.klog("E", "status.go:71", '"Unhandled Error" err="etcdserver: request '
                             'timed out"')
        if kind == "bad-token":
            return self.klog("E", "authentication.go:73", '"Unable to authenticate the request" '
                             'err="[invalid bearer token, service account token has expired]"')
        if kind == "sdk-token-file":
            return self.zap("error", "azidentity", "WorkloadIdentityCredential authentication "
                            "failed: AZURE_FEDERATED_TOKEN_FILE is not set")
        raise KeyError(kind)

    # -- near misses: they share words with the patterns and must match none --
    def near_miss(self, component):
        n = self.rnd.randrange(3)
        if component == "apiserver":
            return [self.klog("I", "cert_rotation.go:88", '"x509: certificate will expire soon" '
                              'name="serving-cert"'),
                    self.klog("I", "httplog.go:134", '"HTTP" verb="GET" URI="/api/v1/namespaces/'
                              'default/pods" resp=403 StatusCode=4030 latency="1.1ms"'),
                    self.klog("I", "authentication.go:63", '"token is valid" expires="in 3590s"')][n]
        if component == "aso":
            return [self.zap("info", "controllers.FederatedIdentityCredentialController",
                             "Found matching federated identity record for presented assertion"),
                    self.zap("info", "controllers.RoleAssignmentController",
                             "AuthorizationSucceeded", statusCode="StatusCode=200"),
                    self.zap("info", "controllers.ManagedClusterController",
                             "SkuAvailability checked", reason="Succeeded")][n]
        if component == "webhook":
            return self.zap("info", "webhook", "service account annotation azure.workload.identity/"
                            "client-id found")
        if component == "workload":
            return self.zap("info", "azidentity", "ManagedIdentityCredential will use the token "
                            "file")
        return [self.klog("I", "controller.go:212", '"AADSTS7002 budget" AADSTS=none '
                          'AuthorizationFailedCount=0'),
                self.klog("I", "subnets.go:101", '"get existing resource succeeded" '
                          'StatusCode=2000'),
                self.klog("I", "controller.go:212", '"Reconciler succeeded" retries=0')][n]

    def routine(self, component):
        return getattr(self, component)()


# failure kind -> the component whose logs it goes to
KINDS = {
    "fic-no-match": "capz", "fic-issuer": "aso", "fic-audience": "aso", "fic-subject-case": "capz",
    "app-missing": "capz", "secret-invalid": "aso", "secret-expired": "capz",
    "assertion-time": "capz", "tenant-missing": "aso", "authz-failed": "capz",
    "authz-linked": "capz", "token-tenant": "capz", "rg-missing": "capz", "cores-quota": "capz",
    "sku": "aso", "throttled": "capz", "not-registered": "aso", "webhook-timeout": "apiserver",
    "cert-expired": "apiserver", "clientid-missing": "webhook", "dial-refused": "capz",
    "etcd-timeout": "apiserver", "bad-token": "apiserver", "sdk-token-file": "workload",
}


def pod_name(rnd, base, component):
    tail = "".join(rnd.choice(POD_CHARS) for _ in range(5))
    if component == "apiserver":
        return "%s-%s" % (base, tail)
    return "%s-%s-%s" % (base, "".join(rnd.choice(POD_CHARS) for _ in range(9)), tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mib", type=float, default=64)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--patterns", default=os.path.join(HERE, "patterns.txt"))
    ap.add_argument("--failures", type=int, nargs=2, default=(3, 30), metavar=("MIN", "MAX"),
                    help="failure lines of each kind (default 3 30)")
    ap.add_argument("--near-miss-rate", type=float, default=0.001)
    ap.add_argument("--check-every", type=int, default=0,
                    help="check every Nth routine line against the patterns (default: 1 up to "
                    "64 MiB, else 50)")
    args = ap.parse_args()
    check_every = args.check_every or (1 if args.size_mib <= 64 else 50)

    with open(args.patterns, encoding="utf-8") as f:
        patterns = [line.rstrip("\n") for line in f if line.strip()]
    compiled = [re.compile(p) for p in patterns]

    def matches(line):
        return [i for i, rx in enumerate(compiled) if rx.search(line)]

    rnd = random.Random(args.seed)
    total = int(args.size_mib * 1024 * 1024)
    weight = sum(f[4] for f in FILES)
    files = []
    for component, ns, base, container, w in FILES:
        rel = "logs/%s/%s/%s" % (ns, pod_name(rnd, base, component), container)
        files.append({"component": component, "path": rel, "budget": total * w // weight,
                      "seed": rnd.getrandbits(32)})

    # Where the failures go: a count per kind, each at a random fraction of a file of its component.
    placed = [[] for _ in files]
    counts = {}
    for kind, component in KINDS.items():
        counts[kind] = rnd.randint(*args.failures)
        homes = [i for i, f in enumerate(files) if f["component"] == component]
        for _ in range(counts[kind]):
            placed[rnd.choice(homes)].append((rnd.random(), kind))
    for p in placed:
        p.sort()

    hits = [[] for _ in patterns]  # per pattern: (path, line)
    where = {k: [] for k in KINDS}
    near_total = checked = 0
    for f, todo in zip(files, placed):
        lines = Lines(random.Random(f["seed"]))
        out_path = os.path.join(args.out, "bundle", f["path"])
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        written = lineno = routine = near = 0
        with open(out_path, "w", encoding="utf-8", newline="\n") as out:
            while written < f["budget"] or todo:
                if todo and (written >= todo[0][0] * f["budget"] or written >= f["budget"]):
                    kind = todo.pop(0)[1]
                    line = lines.failure(kind)
                    found = matches(line)
                    if not found:
                        sys.exit("gen_corpus.py: failure kind %s matches no pattern: %s" % (kind, line))
                    lineno += 1
                    for i in found:
                        hits[i].append((f["path"], lineno))
                    where[kind].append("%s:%d" % (f["path"], lineno))
                elif lines.rnd.random() < args.near_miss_rate:
                    line = lines.near_miss(f["component"])
                    if matches(line):
                        sys.exit("gen_corpus.py: near miss matches patterns %s: %s" % (
                            [i + 1 for i in matches(line)], line))
                    lineno += 1
                    near += 1
                else:
                    line = lines.routine(f["component"])
                    routine += 1
                    if routine % check_every == 0:
                        checked += 1
                        if matches(line):
                            sys.exit("gen_corpus.py: routine line matches patterns %s: %s" % (
                                [i + 1 for i in matches(line)], line))
                    lineno += 1
                out.write(line + "\n")
                written += len(line.encode("utf-8")) + 1
        f.update(bytes=written, lines=lineno, near_miss_lines=near)
        del f["budget"]
        near_total += near
        print("  %s: %.1f MiB, %d lines" % (f["path"], written / 1048576, lineno), file=sys.stderr)

    order = {p: i for i, p in enumerate(sorted(f["path"] for f in files))}
    rules = []
    for i, p in enumerate(patterns):
        h = sorted(hits[i], key=lambda pl: (order[pl[0]], pl[1]))
        rules.append({"rule": i + 1, "pattern": p, "expected_lines": len(h),
                      "first": "%s:%d" % h[0] if h else None,
                      "last": "%s:%d" % h[-1] if h else None})
    manifest = {
        "generator": "bench/gen_corpus.py", "seed": args.seed, "size_mib_requested": args.size_mib,
        "total_bytes": sum(f["bytes"] for f in files),
        "total_lines": sum(f["lines"] for f in files), "files": files,
        "failures": {k: {"component": KINDS[k], "count": counts[k], "at": where[k]} for k in KINDS},
        "matching_lines_total": sum(counts.values()), "near_miss_lines_total": near_total,
        "routine_lines_checked": checked, "rules": rules,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as mf:
        json.dump(manifest, mf, indent=1)
    fired = sum(1 for r in rules if r["expected_lines"])
    print("wrote %.1f MiB, %d lines, %d failure lines, %d near misses; %d of %d patterns fire" % (
        manifest["total_bytes"] / 1048576, manifest["total_lines"],
        manifest["matching_lines_total"], near_total, fired, len(rules)), file=sys.stderr)


if __name__ == "__main__":
    main()
