// Record framing, raw and unescaped matching, captures, derivations, grouping, work units.
#include "rules/log_scanner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "analyzer/model/memory_source.h"
#include "rules/catalog.h"

namespace wid {
namespace {

constexpr const char* kRules = R"(
- id: AADSTS70021
  group: token-exchange
  title: No federated identity credential matches
  severity: error
  kind: log
  match:
    any:
      - 'AADSTS70021(?:[^0-9]|$)'
      - 'Assertion Issuer: ''(?P<issuer>[^'']*)''\. Assertion Subject: ''(?P<subject>[^'']*)''\. Assertion Audience: ''(?P<audience>[^'']*)'''
    components: [any]
  subject: '{subject}'
  derive:
    - id: ISSUER_DEFAULT_NOT_PUBLIC
      proves: true
      when: {capture: issuer, matches: '^https://kubernetes\.default\.svc'}
    - id: ASO_SA_FIC_MISSING
      proves: false
      when: {capture: subject, matches: ':azureserviceoperator-default$'}
  explain: x
- id: ISSUER_DEFAULT_NOT_PUBLIC
  group: issuer
  title: default issuer
  severity: error
  kind: log
  explain: y
- id: ASO_SA_FIC_MISSING
  group: federated-credential
  title: aso
  severity: error
  kind: check
  explain: z
- id: WEBHOOK_ONLY
  group: webhook
  title: webhook component only
  severity: warning
  kind: log
  match:
    any: ['failed calling webhook']
    components: [kube-apiserver]
  explain: w
- id: NMI_BODY
  group: webhook
  title: a body under a .NET status line
  severity: error
  kind: log
  match:
    any: ['Status: 500 \(Internal Server Error\)\s+Content:\s+pod list is empty']
    components: [any]
  explain: v
- id: AZCORE_KV_403
  group: arm-authorization
  title: the address, the status and the body of one Go azcore error
  severity: error
  kind: log
  match:
    any: ['GET https://\S+\.vault\.azure\.net/\S*\s+-+\s+RESPONSE 403: 403 Forbidden\s+ERROR CODE: Forbidden\s+-+\s+\{\s+"error": \{\s+"code": "Forbidden"']
    components: [any]
  explain: t
- id: FORBIDDEN_403
  group: arm-authorization
  title: a 403, unless the body gives a reason other than roles
  severity: error
  kind: log
  match:
    any: ['Status code 403']
    unless: ['not allowed on a disabled secret', '"code":"SecretDisabled"']
    components: [any]
  explain: u
)";

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = load_catalog({CatalogSource{"test.yaml", kRules, false}});
    ASSERT_TRUE(c.ok()) << c.error().message;
    catalog_ = std::move(c.value());
  }
  ScanResult scan(const std::string& text, ScanOptions o = {},
                  const std::string& comp = "capz-manager") {
    auto s = LogScanner::create(catalog_, o);
    EXPECT_TRUE(s.ok());
    return (*s)->scan_text(text, "logs/x.log", comp);
  }
  const RuleHits* find(const ScanResult& r, const std::string& id) {
    for (auto& h : r.hits)
      if (h.rule_id == id) return &h;
    return nullptr;
  }
  Catalog catalog_;
};

constexpr const char* kKlog =
    R"(I1027 23:39:20.000000       1 azurecluster_controller.go:120] "Reconciling AzureCluster")"
    "\n"
    R"(E1027 23:39:22.893319       1 controller.go:329] "Reconciler error" err="failed: {\"error\":\"invalid_client\",\"error_description\":\"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:capz-system:azureserviceoperator-default'. Assertion Audience: 'api://AzureADTokenExchange'.\"}" controller="azurecluster")"
    "\n";

TEST_F(ScannerTest, MatchesKlogQuotedTextAndFillsCapturesFromUnescapedRecord) {
  ScanResult r = scan(kKlog);
  const RuleHits* h = find(r, "AADSTS70021");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->count, 1u);
  EXPECT_EQ(h->first.line, 2u);
  EXPECT_EQ(h->subject_key, "system:serviceaccount:capz-system:azureserviceoperator-default");
  EXPECT_EQ(h->first_captures.at("issuer"), "https://kubernetes.default.svc.cluster.local");
  EXPECT_EQ(h->first_captures.at("audience"), "api://AzureADTokenExchange");
  EXPECT_EQ(h->candidate_causes, std::vector<std::string>{"ASO_SA_FIC_MISSING"});
  const RuleHits* d = find(r, "ISSUER_DEFAULT_NOT_PUBLIC");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->derived_from, "AADSTS70021");
  EXPECT_EQ(d->first.line, 2u);
  EXPECT_EQ(find(r, "ASO_SA_FIC_MISSING"), nullptr) << "a hint must not be reported as proven";
}

TEST_F(ScannerTest, NeighbouringCodeDoesNotMatch) {
  ScanResult r = scan(
      "AADSTS700211: No matching federated identity record found for presented "
      "assertion issuer 'https://x/'.\nsee https://login.microsoftonline.com/"
      "error?code=70021\n");
  EXPECT_EQ(find(r, "AADSTS70021"), nullptr);
}

TEST_F(ScannerTest, WithoutUnescapeTheQuotedCapturesAreNotSeen) {
  ScanOptions o;
  o.unescape = false;
  ScanResult r = scan(
      R"(err="x \"AADSTS70021: No matching ... Assertion Issuer: \u0027https://a\u0027. Assertion Subject: \u0027s\u0027. Assertion Audience: \u0027a\u0027.")",
      o);
  const RuleHits* h = find(r, "AADSTS70021");
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(h->first_captures.empty());
  ScanResult u = scan(
      R"(err="x \"AADSTS70021: No matching ... Assertion Issuer: \u0027https://a\u0027. Assertion Subject: \u0027s\u0027. Assertion Audience: \u0027a\u0027.")");
  ASSERT_NE(find(u, "AADSTS70021"), nullptr);
  EXPECT_EQ(find(u, "AADSTS70021")->first_captures.at("issuer"), "https://a");
}

TEST_F(ScannerTest, ContinuationLinesJoinOneRecordCountedOnceAtItsFirstLine) {
  std::string text =
      "I0101 00:00:00.000000       1 x.go:1] \"ok\"\n"
      "E0101 00:00:01.000000       1 main.go:60] \"failed to get token\" err=<\n"
      "        FromAssertion(): http call failed: reply status code was 401:\n"
      "        {\"error\":\"invalid_client\",\"error_description\":\"AADSTS70021: No matching\n"
      "        federated identity record found.\"}\n"
      " >\n"
      // An error line: an info line naming the code alone is prose (docs/error-context.md).
      "E0101 00:00:02.000000       1 x.go:1] \"AADSTS70021 again\"\n";
  ScanResult r = scan(text);
  const RuleHits* h = find(r, "AADSTS70021");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->count, 2u);
  EXPECT_EQ(h->first.line, 2u);
  EXPECT_EQ(h->last.line, 7u);
  EXPECT_EQ(r.records, 3u);
}

// A fence indented under a list item is no continuation of the item's paragraph: it starts the
// record of its block (the quote tracker gives that block the paragraph as its lead-in).
TEST_F(ScannerTest, AnIndentedFenceStartsARecord) {
  ScanResult r = scan(
      "1. The pod logs:\n"
      "   ```\n"
      "   AADSTS70021: No matching federated identity record found.\n"
      "   ```\n");
  EXPECT_EQ(r.records, 3u);  // the item, the fence with its block, the closing fence
  const RuleHits* h = find(r, "AADSTS70021");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->first.line, 2u);
}

// Azure.Identity (.NET) prints a failed response over several column-0 lines with blank lines
// between its sections; the body under "Content:" is part of the message.
TEST_F(ScannerTest, DotnetResponseSectionsJoinTheStatusLinesRecord) {
  ScanResult r = scan(
      "ManagedIdentityCredential authentication failed: Service request failed.\n"
      "Status: 500 (Internal Server Error)\n"
      "\n"
      "Content:\n"
      "pod list is empty\n"
      "\n"
      "Headers:\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "retrying in 2s\n");
  const RuleHits* h = find(r, "NMI_BODY");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->first.line, 1u);
  EXPECT_EQ(r.records, 3u) << "the message, the blank line after it, the next line";
}

TEST_F(ScannerTest, ABlankLineWithoutASectionEndsTheDotnetMessage) {
  // No "Content:" after the blank line: the body is another record, as for any text.
  ScanResult r =
      scan("Service request failed.\nStatus: 500 (Internal Server Error)\n\npod list is empty\n");
  EXPECT_EQ(find(r, "NMI_BODY"), nullptr);
  EXPECT_EQ(r.records, 3u);
  // A fence closing right after the body is not swallowed into the message: the line after the
  // block is outside it, so the tracker still sees the fence.
  ScanResult f = scan(
      "```\nService request failed.\nStatus: 500 (Internal Server Error)\n\nContent:\n"
      "pod list is empty\n```\nafter\n");
  ASSERT_NE(find(f, "NMI_BODY"), nullptr);
  EXPECT_EQ(f.records, 4u) << "the fence, the message, the closing fence, the line after";
}

// Go azcore's ResponseError keeps its line breaks when a user pastes it or a program prints it
// with %v: the request, the status and the body are one record between 80-dash separators.
TEST_F(ScannerTest, AGoAzcoreResponseErrorIsOneRecord) {
  const std::string sep(80, '-');
  ScanResult r = scan(
      "time=1 msg=start\n"
      "failed to fetch key: GET https://my-vault.vault.azure.net/keys/sops/\n" +
      sep + "\nRESPONSE 403: 403 Forbidden\nERROR CODE: Forbidden\n" + sep +
      "\n{\n  \"error\": {\n    \"code\": \"Forbidden\",\n"
      "    \"message\": \"Caller is not authorized\"\n  }\n}\n" +
      sep + "\nnext line\n");
  const RuleHits* h = find(r, "AZCORE_KV_403");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->first.line, 2u);
  EXPECT_EQ(r.records, 3u) << "the line before, the error, the line after";
}

TEST_F(ScannerTest, AnAzcoreBlockEndsAtALineThatIsNotItsOwn) {
  const std::string sep(80, '-');
  // A paste that starts at the status joins from its "ERROR CODE" line; a paste cut after the
  // status ends the block at the first line that is neither a status line nor a body line.
  ScanResult r = scan("RESPONSE 403: 403 Forbidden\nERROR CODE: AccessDenied\n" + sep +
                      "\nThanks for looking\nSecond paragraph\n");
  EXPECT_EQ(r.records, 3u) << "the status block, and each prose line on its own";
  // A paste that dropped the separator under the request keeps the request with its status.
  ScanResult k = scan(
      "failed: GET https://my-vault.vault.azure.net/keys/sops/\nRESPONSE 403: 403 Forbidden\n"
      "ERROR CODE: Forbidden\nafter\n");
  EXPECT_EQ(k.records, 2u);
  // Dashes under a line that is no request (a Markdown setext heading, a table rule) and
  // shorter rules are not separators.
  ScanResult m = scan("Troubleshooting\n" + sep + "\nGET https://example.com/x\n" +
                      std::string(79, '-') + "\nRESPONSE 403: 403 Forbidden\n");
  EXPECT_EQ(m.records, 5u);
}

// logback prints the exception at column 0 under the ERROR line; it is that record's cause.
TEST_F(ScannerTest, AJavaExceptionUnderItsLogLineIsPartOfTheRecord) {
  ScanResult r = scan(
      "2019.05.01 20:47:38 ERROR web[][c.m.a.a.AuthenticationContext] Execution of class "
      "com.microsoft.aad.adal4j.AcquireTokenCallable failed.\n"
      "javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: PKIX path "
      "building failed\n"
      "\tat sun.security.ssl.Alerts.getSSLException(Alerts.java:192)\n"
      "Caused by: sun.security.validator.ValidatorException: PKIX path building failed\n"
      "2019.05.01 20:47:39 INFO  web[] next\n"
      // Not exceptions: a sentence, a class without a package, a package path alone.
      "note: see the logs\n"
      "MyException: x\n"
      "com.contoso.app started\n");
  EXPECT_EQ(r.records, 5u);
}

TEST_F(ScannerTest, AnErrorChainWrappedAtItsColonsIsOneRecord) {
  ScanResult r = scan(
      "ClientSecretCredential: unable to resolve an endpoint:\nserver response error:\n"
      "context deadline exceeded\n"
      // After a colon, a line in upper case or a fence starts anew.
      "I get this error:\nAADSTS70021: No matching federated identity record found\n"
      "Logs:\n```\nrest\n```\n");
  EXPECT_EQ(r.records, 7u);
}

TEST_F(ScannerTest, ComponentFilterApplies) {
  EXPECT_EQ(
      find(scan("failed calling webhook \"mutation.azure-workload-identity.io\""), "WEBHOOK_ONLY"),
      nullptr);
  EXPECT_NE(find(scan("failed calling webhook \"mutation.azure-workload-identity.io\"", {},
                      "kube-apiserver"),
                 "WEBHOOK_ONLY"),
            nullptr);
}

TEST_F(ScannerTest, SamplesAreRedacted) {
  std::string jwt =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL3gifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
  ScanResult r = scan("AADSTS70021 token=" + jwt + " client_secret=abc8Q~SuperSecret\n");
  const RuleHits* h = find(r, "AADSTS70021");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h->samples.size(), 1u);
  EXPECT_EQ(h->samples[0].text.find("c2lnbmF0dXJlc2lnbmF0dXJl"), std::string::npos);
  EXPECT_EQ(h->samples[0].text.find("SuperSecret"), std::string::npos);
  EXPECT_GT(r.redactions.total(), 1);
}

TEST_F(ScannerTest, CriFramingIsStrippedAndPartialsJoined) {
  auto s = LogScanner::create(catalog_, {});
  ASSERT_TRUE(s.ok());
  std::string text =
      "2024-11-28T10:00:00.000000001Z stderr F I1128 10:00:00.000000 1 c.go:1] ok\n"
      "2024-11-28T10:00:00.000000001Z stderr P E1128 10:00:00.000000 1 c.go:1] AADSTS700\n"
      "2024-11-28T10:00:00.000000002Z stderr F 21: No matching federated identity record\n";
  LogSource src;
  src.source.path = "cri.log";
  src.component = "capz-manager";
  src.cri = true;
  src.content = std::make_shared<MemorySource>(text);
  ScanResult framed = (*s)->scan({src});
  const RuleHits* h = find(framed, "AADSTS70021");
  ASSERT_NE(h, nullptr) << "the partial line and its final part form one record";
  EXPECT_EQ(h->first.line, 2u);
  EXPECT_EQ(h->samples[0].text.rfind("E1128", 0), 0u) << h->samples[0].text;
  src.cri = false;
  EXPECT_EQ(find((*s)->scan({src}), "AADSTS70021"), nullptr);
}

TEST_F(ScannerTest, InvalidUtf8AndLongLinesDoNotBreakScanning) {
  std::string text = std::string(3 << 20, 'x') + "\n\xff\xfe AADSTS70021: \xc3\x28 bad\n";
  ScanResult r = scan(text);
  const RuleHits* h = find(r, "AADSTS70021");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->first.line, 2u);
  EXPECT_EQ(r.truncated_records, 1u);
  EXPECT_NE(h->samples[0].text.find("\xEF\xBF\xBD"), std::string::npos);
}

// match.unless vetoes only the record that carries it, and sees the unescaped copy too.
TEST_F(ScannerTest, UnlessVetoesTheRecordThatSaysWhy) {
  const std::string refused =
      R"(E1205 10:41:02.402000       1 vault.go:88] "read failed" err="Status code 403, {\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized\"}}")"
      "\n";
  const std::string disabled =
      "com.azure.core.exception.ResourceModifiedException: Status code 403, \"{\"error\":{\"code\":"
      "\"Forbidden\",\"message\":\"Operation get is not allowed on a disabled secret.\"}}\"\n";
  const std::string escaped =
      R"(E1205 10:41:03.402000       1 vault.go:88] "read failed" err="Status code 403, {\"error\":{\"code\":\"Forbidden\",\"innererror\":{\"code\":\"SecretDisabled\"}}}")"
      "\n";
  const RuleHits* h = nullptr;
  // (A Java exception after a log line would join its record: the 403 with no reason comes last.)
  ScanResult all = scan(disabled + escaped + refused);
  ASSERT_NE(h = find(all, "FORBIDDEN_403"), nullptr);
  EXPECT_EQ(h->count, 1u);
  EXPECT_EQ(h->first.line, 3u);
  EXPECT_EQ(find(scan(disabled), "FORBIDDEN_403"), nullptr);
  EXPECT_EQ(find(scan(escaped), "FORBIDDEN_403"), nullptr);
}

TEST(Unescape, StableAndBounded) {
  EXPECT_EQ(unescape_record("plain text"), "plain text");
  EXPECT_EQ(unescape_record(R"(a \"b\" c)"), "a \"b\" c");
  EXPECT_EQ(unescape_record(R"(x \\\"y\\\" z)"), "x \"y\" z");
  EXPECT_EQ(unescape_record("&#34;error&#34;: &#39;x&#39; &amp;"), "\"error\": 'x' &");
  EXPECT_EQ(unescape_record(R"(\u0027https://a\u0027)"), "'https://a'");
  EXPECT_EQ(unescape_record(R"(a.\\r\\nTrace ID)"), "a. Trace ID");
  std::string once = unescape_record(R"(x \"y\")");
  EXPECT_EQ(unescape_record(once), once);
}

}  // namespace
}  // namespace wid
