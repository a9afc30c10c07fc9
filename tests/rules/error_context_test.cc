// The error-context judgement: prose, counts, source code and diffs that name a code do not count;
// the same code in a real failure does, whatever envelope carries it; an error envelope outweighs
// the weak signs (level, doc shape). Then the scanner: a match judged prose is not a hit, a later
// mention in an error context still is, and `match.context: any` turns the judgement off.
#include "rules/error_context.h"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>
#include <string_view>

#include "rules/catalog.h"
#include "rules/log_scanner.h"

namespace wid {
namespace {

// Judges the first occurrence of word in record.
ContextVerdict judge(std::string_view record, std::string_view word) {
  size_t at = record.find(word);
  EXPECT_NE(at, std::string_view::npos) << word << " not in " << record;
  return judge_error_context(record, at, at + word.size());
}

struct Case {
  const char* text;
  const char* word;
  ContextVerdict want;
};

// What gtest (and the test names ctest registers) print for a case: the word it judges.
void PrintTo(const Case& c, std::ostream* os) { *os << '"' << c.word << '"'; }

class JudgeTest : public ::testing::TestWithParam<Case> {};

// "3_AADSTS70021": the case's place and the word it judges, so a test's name is the same in every
// build (gtest would otherwise print the struct's bytes, pointers included).
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* c = info.param.word; *c != '\0'; ++c)
    name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  return name;
}

TEST_P(JudgeTest, Verdict) {
  const Case& c = GetParam();
  EXPECT_EQ(context_verdict_name(judge(c.text, c.word)), std::string(context_verdict_name(c.want)))
      << c.text;
}

constexpr ContextVerdict kError = ContextVerdict::kError;

INSTANTIATE_TEST_SUITE_P(
    Prose, JudgeTest,
    ::testing::Values(
        // Counts and negations.
        Case{"I1205 09:12:44.118734       1 scan.go:88] scanned capz-system logs: 0 AADSTS "
             "errors, 0 AuthorizationFailed responses",
             "AuthorizationFailed", ContextVerdict::kCount},
        Case{"level=info msg=\"token refresh ok\" note=\"no AuthorizationFailed since restart\"",
             "AuthorizationFailed", ContextVerdict::kCount},
        Case{"Summary: AADSTS70021: 0, AADSTS700024: 0", "AADSTS70021", ContextVerdict::kCount},
        // A Mermaid flowchart in a troubleshooting page.
        Case{"C -->|No| D[AADSTS70021 returned]", "AADSTS70021", ContextVerdict::kDocShape},
        // A table of contents: the link's text names the error its section explains.
        Case{"  - [failed to get key vault token: nmi response failed with status code: "
             "404](#failed-to-get-key-vault-token-nmi-response-failed-with-status-code-404)",
             "nmi response failed", ContextVerdict::kDocShape},
        // A string constant in source: a table of the codes a service may return.
        Case{"        public const string AccessToKeyVaultDenied = \"AccessToKeyVaultDenied\";",
             "AccessToKeyVaultDenied", ContextVerdict::kSourceCode},
        Case{"export const WRONG_AUDIENCE: string = 'InvalidAuthenticationTokenAudience';",
             "InvalidAuthenticationTokenAudience", ContextVerdict::kSourceCode},
        // A template literal a program throws, opening its own line.
        Case{"      `${msiName}: User assigned identity is not supported by the Azure Arc Managed "
             "Identity Endpoint.`",
             "User assigned identity", ContextVerdict::kSourceCode},
        // Inline code that closes before the message: the message is the user's own text.
        Case{"`${HOME}/.kube/config` User assigned identity is not supported here, fails every run",
             "User assigned identity", ContextVerdict::kError},
        // A log line that only says "const": not a declaration.
        Case{"E1205 09:12:44 app.go:88] const string lookup failed: AccessToKeyVaultDenied",
             "AccessToKeyVaultDenied", ContextVerdict::kError},
        // Brackets around an error are no link: no `](` follows them.
        Case{"E0221 22:54:32 mount.go:88] error: [nmi response failed with status code: 404] "
             "(attempt 3)",
             "nmi response failed", ContextVerdict::kError},
        Case{"    token[Request token] --> fail{AADSTS700016?}", "AADSTS700016",
             ContextVerdict::kDocShape},
        Case{"wid_findings_total{rule=\"AADSTS70021\",severity=\"error\"} 0", "AADSTS70021",
             ContextVerdict::kCount},
        // Source code that tests for a code.
        Case{"    if ($output -match \"AADSTS53003\") { Write-Warning \"Conditional Access\" }",
             "AADSTS53003", ContextVerdict::kSourceCode},
        Case{"\tif strings.Contains(err.Error(), \"AADSTS70021\") {", "AADSTS70021",
             ContextVerdict::kSourceCode},
        Case{"        if \"AADSTS700024\" in str(e):", "AADSTS700024", ContextVerdict::kSourceCode},
        Case{"kubectl logs -n capz-system deploy/capz-controller-manager | grep -E "
             "\"AADSTS70021|AADSTS700211\"",
             "AADSTS70021", ContextVerdict::kSourceCode},
        Case{"      case \"AuthorizationFailed\":", "AuthorizationFailed",
             ContextVerdict::kSourceCode},
        // An SDK's source quoted in an issue: the literal its message is built from.
        Case{"        internal const string TimeoutError = \"ManagedIdentityCredential "
             "authentication "
             "unavailable. The request to the managed identity endpoint timed out.\";",
             "The request to the managed identity endpoint timed out", ContextVerdict::kSourceCode},
        Case{"                    self._error_message += \"The requested identity has not been "
             "assigned to this resource.\"",
             "The requested identity", ContextVerdict::kSourceCode},
        Case{"\t\t\t\treturn azcore.AccessToken{}, "
             "newAuthenticationFailedError(credNameManagedIdentity, "
             "\"the requested identity isn't assigned to this resource\", resp)",
             "the requested identity", ContextVerdict::kSourceCode},
        // Diffs and documentation shapes.
        Case{"+| AADSTS700016 | The application (client ID) is not in the tenant |", "AADSTS700016",
             ContextVerdict::kDiff},
        Case{"-AADSTS70021: No matching federated identity record found for presented assertion.",
             "AADSTS70021", ContextVerdict::kDiff},
        Case{
            "| AADSTS700016 | UnauthorizedClient_DoesNotMatchRequest - Application with identifier "
            "was not found in the directory. |",
            "AADSTS700016", ContextVerdict::kDocShape},
        Case{"- AADSTS700024: the client assertion is not within its valid time range (clock "
             "skew or an expired projected token)",
             "AADSTS700024", ContextVerdict::kDocShape},
        Case{"* Pods fail with AADSTS700024 after the node clock drifts", "AADSTS700024",
             ContextVerdict::kDocShape},
        Case{"## Troubleshooting AADSTS70021", "AADSTS70021", ContextVerdict::kDocShape},
        // A table row GitHub renders without its closing pipe (azidentity's TROUBLESHOOTING.md).
        Case{"|\"no azure identity found for request clientID\"|The application attempted to "
             "authenticate before an identity was assigned to its pod|Verify the pod is labeled "
             "correctly.",
             "no azure identity found", ContextVerdict::kDocShape},
        Case{"AADSTS53003 | BlockedByConditionalAccess - Access has been blocked by Conditional "
             "Access policies.",
             "AADSTS53003", ContextVerdict::kDocShape},
        Case{"AADSTS53003 | BlockedByConditionalAccess - Access has been blocked by Conditional "
             "Access policies.",
             "Access has been blocked", ContextVerdict::kDocShape},
        Case{"\n  \u2022 DefaultAzureCredential failed to retrieve a token\n  \u2022 AADSTS700024: "
             "Client "
             "assertion is not within its valid time range",
             "AADSTS700024", ContextVerdict::kDocShape},
        Case{"Your pod logs show one of these:\n  - AADSTS700024: Client assertion is not within "
             "its valid time range",
             "AADSTS700024", ContextVerdict::kDocShape},
        // A runbook's bullets: one names a credential entry, another the code.
        Case{"Your pod logs show one of these:\n  - ClientAssertionCredential authentication "
             "failed\n  - AADSTS700024: Client assertion is not within its valid time range",
             "AADSTS700024", ContextVerdict::kDocShape},
        Case{"2. Look for AADSTS50027 in the workload logs", "AADSTS50027",
             ContextVerdict::kDocShape},
        // Advice to a reader (Azure/login#372's heading).
        Case{"**If you are encountering `ERROR: AADSTS700024: Client assertion is not within its "
             "valid time range`, here are the workarounds for four scenarios:**",
             "AADSTS700024", ContextVerdict::kHypothetical},
        Case{"When you see AADSTS70021, compare the credential's subject with the token.",
             "AADSTS70021", ContextVerdict::kHypothetical},
        // What a change or a mistake would do to the code.
        Case{"The Az Cli example for federated credentials has a typo that would cause AADSTS70021 "
             "error.",
             "AADSTS70021", ContextVerdict::kHypothetical},
        Case{
            "Revert \"fix(github): use API-resolved org login\" to avoid issue AADSTS7002138 \"The "
            "subject matches with case-insensitive comparison\"",
            "AADSTS7002138", ContextVerdict::kHypothetical},
        // A documentation page's generic account of what usually happens.
        Case{"The workflow often reports AADSTS70021: No matching federated identity record found "
             "for presented assertion.",
             "AADSTS70021", ContextVerdict::kHypothetical},
        Case{"Pods may fail with AADSTS700024 when the node clock drifts.", "AADSTS700024",
             ContextVerdict::kHypothetical},
        // A tutorial promising what its reader will learn to recognise.
        Case{"By the end you will read the symptom (ContainerCreating forever, AADSTS70021, an "
             "empty synced Secret) and name the exact cause and fix in under a minute.",
             "AADSTS70021", ContextVerdict::kHypothetical},
        // An explanation of why a failure happens (aad-pod-identity#1232).
        Case{"If the health check request fails. the library would return and not try to get a "
             "token which is why token request fails with \"MSI not available\".",
             "MSI not available", ContextVerdict::kHypothetical},
        // What the reader will see, and a document that explains the code.
        Case{"Without the label you'll see AADSTS700016 in the pod's log.", "AADSTS700016",
             ContextVerdict::kHypothetical},
        Case{"Azure DevOps's document now also explains `AADSTS700024`:", "AADSTS700024",
             ContextVerdict::kHypothetical},
        Case{"If you lack the role, you get an error similar to AuthorizationFailed: The client "
             "'x' does not have authorization",
             "AuthorizationFailed", ContextVerdict::kHypothetical},
        // A Markdown blockquote is how issues quote the reporter's own error: the quote counts
        // unless its lead-in says otherwise (AHypotheticalLeadInMakesAQuotedBlockHypothetical).
        Case{"> AADSTS700024: Client assertion is not within its valid time range", "AADSTS700024",
             kError},
        // An info line that only mentions the code.
        Case{"I1205 09:12:44.118734       1 docs.go:12] see AADSTS70021 in the troubleshooting "
             "guide",
             "AADSTS70021", ContextVerdict::kInfoLevel},
        Case{"{\"level\":\"info\",\"msg\":\"known codes loaded\",\"code\":\"AADSTS70021\"}",
             "AADSTS70021", ContextVerdict::kInfoLevel},
        // A list item wrapped onto an indented line is still the item.
        Case{"- The pipeline fails with\n  AADSTS70021 when the subject does not match.",
             "AADSTS70021", ContextVerdict::kDocShape},
        // A table row cut short after its first cell.
        Case{"| **AADSTS700016: Application with identifier '****' wasn't found** | The identity "
             "that is used for the service connection no longer exists, might have been remo",
             "AADSTS700016", ContextVerdict::kDocShape},
        // The rest of a table row whose cell a line break split.
        Case{"AADSTS70021: No matching federated identity record found for presented assertion. "
             "Assertion Issuer: https://app.vstoken.visualstudio.com. |",
             "AADSTS70021", ContextVerdict::kDocShape},
        Case{"The full message usually reads something close to \"AADSTS700016: Application with",
             "AADSTS700016", ContextVerdict::kHypothetical},
        // A list of codes: a configuration value, a title naming several.
        Case{"{\"level\":\"error\",\"msg\":\"known codes loaded\",\"codes\":\"AADSTS70021 "
             "AADSTS700211\"}",
             "AADSTS70021", ContextVerdict::kCount},
        Case{"e.g. `GRAPH_IGNORE_MFA_ERROR_CODES: \"AADSTS53003 AADSTS50076 AADSTS50079\" `",
             "AADSTS50076", ContextVerdict::kCount},
        Case{"The AADSTS700213 / AADSTS7002138 \"no matching federated identity record\" "
             "failures caused by case-sensitive subject matching",
             "AADSTS7002138", ContextVerdict::kCount},
        // A change's title or changelog line, and what a change will print.
        Case{"Added AADSTS900382: Confidential Client is not supported in Cross Cloud request.",
             "AADSTS900382", ContextVerdict::kHypothetical},
        Case{"added handling for BlockedByConditionalAccess (AADSTS53003) in MSOL plugin",
             "AADSTS53003", ContextVerdict::kHypothetical},
        Case{"An error like the following will now be printed: AADSTS70021: No matching",
             "AADSTS70021", ContextVerdict::kHypothetical},
        Case{"Here's a sample error response: AADSTS70011: The provided value", "AADSTS70011",
             ContextVerdict::kHypothetical},
        Case{"The script does not cover the response code AADSTS50057 at the moment.",
             "AADSTS50057", ContextVerdict::kHypothetical},
        // Source that builds a message or lists codes.
        Case{"\t\treturn reconcile.Result{}, errors.New(\"AzureClusterIdentity list of allowed "
             "namespaces doesn't include current cluster namespace\")",
             "AzureClusterIdentity", ContextVerdict::kSourceCode},
        Case{"        \"AADSTS900382\" // Confidential client is not supported in cross-cloud "
             "request",
             "AADSTS900382", ContextVerdict::kSourceCode},
        // A code alone as a call's argument: a test's table of codes, a retry rule.
        Case{"            Arguments.of(\"AADSTS1002016\", \"Invalid request format\"),",
             "AADSTS1002016", ContextVerdict::kSourceCode},
        Case{"        return backoffRetry(404, \"Request_ResourceNotFound\");",
             "Request_ResourceNotFound", ContextVerdict::kSourceCode},
        Case{"      throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')",
             "Unable", ContextVerdict::kSourceCode},
        // A Go raw string that runs on past the line (pulumi-azure-native's auth.go).
        Case{"\treturn oidcConfig{}, fmt.Errorf(`OIDC authentication was requested via "
             "useOidc/ARM_USE_OIDC but no token or request URL were \nconfigured. See "
             "https://www.pulumi.com/registry/packages/azure-native/installation-configuration/ "
             "for more information.`)",
             "OIDC authentication was requested", ContextVerdict::kSourceCode},
        Case{"              + \"Connection to IMDS endpoint cannot be established.\", null));",
             "Connection", ContextVerdict::kSourceCode},
        // A test table's struct literal (ARO-RP's azureerrors tests).
        Case{"\t\t\t\t\tMessage: \"The client 'a0f3' with object id 'a0f3' does not have "
             "authorization to perform action 'Microsoft.Resources/deployments/write' over scope "
             "'/subscriptions/447cf33b-a19b-42f7-ab5e-b0b6f7be7525/resourcegroups/jmintertest/"
             "providers/Microsoft.Resources/deployments/deployment' or the scope is invalid. If "
             "access was recently granted, please refresh your credentials.\",",
             "does not have", ContextVerdict::kSourceCode}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Failures, JudgeTest,
    ::testing::Values(
        // Bare pasted errors count: most users paste the message alone.
        // Near misses of the list, change and literal signs: two codes each with its message,
        // a log line opening with a gerund, a quoted error on its own line.
        Case{"AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not "
             "within its valid time range.",
             "AADSTS50012", kError},
        // Near misses of a code alone as an argument: an exception's repr holds its whole
        // message, a printed list is no call, nor is an error body.
        Case{"azure.core.exceptions.ClientAuthenticationError: ('AADSTS70021: No matching "
             "federated identity record found for presented assertion.', None)",
             "AADSTS70021", kError},
        Case{"HttpResponseError: ['Forbidden', 'AuthorizationPermissionMismatch', 'This request "
             "is not authorized to perform this operation using this permission.']",
             "AuthorizationPermissionMismatch", kError},
        Case{"ERROR: Not Found({\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":"
             "\"Resource '4024ab25' does not exist or one of its queried reference-property "
             "objects are not present.\"}})",
             "Request_ResourceNotFound", kError},
        Case{"Adding role assignment failed: AuthorizationFailed: The client 'x' with object id "
             "'y' does not have authorization",
             "AuthorizationFailed", kError},
        Case{"[uamqp.sender] LinkDetach(\"ErrorCodes.UnauthorizedAccess: Unauthorized access. "
             "'Send' claim(s) are required to perform this operation.\")",
             "Unauthorized", kError},
        Case{"  \"AADSTS700213: No matching federated identity record found for presented "
             "assertion subject 'system:serviceaccount:apps:api'\"",
             "AADSTS700213", kError},
        // ... but an item whose record carries an envelope is a pasted failure.
        Case{"- deploy step:\n    Error: AADSTS70021: No matching federated identity record found",
             "AADSTS70021", kError},
        Case{"AADSTS70021: No matching federated identity record found for presented assertion.",
             "AADSTS70021", kError},
        // Near miss of a tool's coverage of a code: the code as a sign-in answered it.
        Case{"Login failed with response code AADSTS50057: The user account is disabled.",
             "AADSTS50057", kError},
        // Near miss of the Go raw string: a backquoted message that no error constructor opens.
        Case{"Error: getting token: `AADSTS70021: No matching federated identity record found "
             "for presented assertion.`",
             "AADSTS70021", kError},
        // A user reporting it, and one entry of a credential chain (a bullet, but an error).
        Case{"The deployment failed with AADSTS70021: No matching federated identity record found",
             "AADSTS70021", kError},
        Case{"failed to resolve token: AADSTS700016: Application with identifier 'x' was not found",
             "AADSTS700016", kError},
        Case{"2026-12-05 10:41:07 | ERROR | token | AADSTS70021: No matching federated identity "
             "record found",
             "AADSTS70021", kError},
        Case{"Error: could not get token: AADSTS700024: Client assertion is not within its valid "
             "time range.",
             "AADSTS700024", kError},
        Case{"When I run the pipeline I get AADSTS70021: No matching federated identity record "
             "found",
             "AADSTS70021", kError},
        Case{"- ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint "
             "found.",
             "No Managed Identity endpoint found", kError},
        // Info level with an error envelope or word.
        Case{"I1205 09:12:44.118734       1 azure.go:312] \"retrying\" err=\"AADSTS70021: No "
             "matching federated identity record found\"",
             "AADSTS70021", kError},
        Case{"I1205 09:12:44.118734       1 token.go:40] failed to get token: AADSTS700024: "
             "Client assertion is not within its valid time range.",
             "AADSTS700024", kError},
        Case{"{\"level\":\"info\",\"msg\":\"will retry\",\"error\":\"AADSTS700016: Application "
             "with identifier 'x' was not found\"}",
             "AADSTS700016", kError},
        // Near misses of the struct literal: a property of an Error as Node prints it (after
        // the stack frame that opens its brace), a YAML field (no comma after the scalar), a
        // JSON body as az prints it (a quoted key).
        Case{"    at async ConfidentialClientApplication.acquireTokenByClientCredential "
             "(/app/node_modules/@azure/msal-node/lib/msal-node.cjs:11679:20) {\n"
             "  errorCode: 'unauthorized_client',\n"
             "  errorMessage: \"Error(s): 700016 - Description: AADSTS700016: Application with "
             "identifier '76d8ac73' was not found in the directory 'Bot Framework'.\",",
             "AADSTS700016", kError},
        Case{"    message: \"The client 'x' with object id 'y' does not have authorization to "
             "perform action 'Microsoft.Compute/virtualMachines/read'\"",
             "does not have", kError},
        Case{"    \"message\": \"The client 'x' with object id 'y' does not have authorization to "
             "perform action 'Microsoft.Compute/virtualMachines/read'.\",",
             "does not have", kError},
        // Doc shapes that carry an error envelope: a YAML status list, an error field.
        Case{"  - message: 'failed to reconcile: AADSTS70021: No matching federated identity "
             "record found'",
             "AADSTS70021", kError},
        Case{"- error_description: AADSTS7000215: Invalid client secret provided.", "AADSTS7000215",
             kError},
        Case{"| 2026-11-28T11:40:28Z | RESPONSE 403: 403 Forbidden ERROR CODE: "
             "AuthorizationFailed |",
             "AuthorizationFailed", kError},
        // az's "(Code) Message" in a numbered list of errors, and logfmt's unspaced msg="…".
        Case{"2. (RequestDisallowedByPolicy) Preflight validation check for resource(s) for "
             "container service aks-1 failed. Message: Resource 'aks-vmss' was disallowed by "
             "policy.",
             "RequestDisallowedByPolicy", kError},
        Case{"time=\"2020-04-09T11:20:29Z\" level=warning msg=\"no AzureAssignedIdentity found for "
             "pod:default/api-7b86687f9-bpz2s in assigned state\"",
             "no AzureAssignedIdentity", kError},
        // adal's "Error = '…'" ends its line like a single-quoted literal in code: it is a log.
        Case{"adal: Failed to execute the refresh request. Error = 'Post "
             "https://login.microsoftonline.com/t/oauth2/token?api-version=1.0: dial tcp: lookup "
             "login.microsoftonline.com on 10.96.0.10:53: no such host'",
             "no such host", kError},
        // PowerShell 7 prints an error's lines behind a one-pipe gutter: not a table.
        Case{"     | The client 'x@contoso.com' with object id 'y' does not have authorization to "
             "perform action",
             "The client", kError},
        // ARM and SDK shapes.
        Case{"Status=403 Code=\"AuthorizationFailed\" Message=\"The client 'x' with object id 'y' "
             "does not have authorization\"",
             "AuthorizationFailed", kError},
        Case{"azure.identity._exceptions.CredentialUnavailableError: ManagedIdentityCredential: "
             "no managed identity endpoint found",
             "ManagedIdentityCredential", kError},
        // A count word next to a code that is not a count.
        Case{"AADSTS70021: No matching federated identity record found. Trace ID: "
             "0a1b2c3d-0000-4a56-9a2e-0a1f7c3d2e00",
             "AADSTS70021", kError},
        Case{"E1205 09:12:44.118734       1 controller.go:329] \"Reconciler error\" "
             "err=\"AuthorizationFailed\" controller=\"azuremanagedcontrolplane\"",
             "AuthorizationFailed", kError},
        // @azure/identity logs each credential it passes over at info: a chain entry there is no
        // failure; the same entry at warning is.
        Case{"2024-06-26T23:03:11.7231808Z azure:identity:info WorkloadIdentityCredential => "
             "WorkloadIdentityCredential: is unavailable. tenantId, clientId, and "
             "federatedTokenFilePath are required parameters.",
             "WorkloadIdentityCredential: is unavailable", ContextVerdict::kInfoLevel},
        Case{"2024-06-26T23:03:11.7231808Z azure:identity:warning WorkloadIdentityCredential => "
             "WorkloadIdentityCredential: is unavailable. tenantId, clientId, and "
             "federatedTokenFilePath are required parameters.",
             "WorkloadIdentityCredential: is unavailable", kError},
        // A Warning event that `kubectl describe` lists, quoted in an issue: the event's type is
        // the envelope; a quoted Normal event is not.
        Case{">   Warning  Failed          59m (x3 over 60m)    kubelet  Failed to pull image "
             "\"r.azurecr.io/t:1\": failed to fetch anonymous token: unexpected status from GET "
             "request to https://r.azurecr.io/oauth2/token?scope=x: 401 Unauthorized",
             "401 Unauthorized", kError},
        Case{">   Normal   Pulled          59m (x3 over 60m)    kubelet  Pulled after a "
             "401 Unauthorized answer from the mirror",
             "401 Unauthorized", ContextVerdict::kInfoLevel},
        Case{"  Normal   Pulled          59m (x3 over 60m)    kubelet  Pulled after a "
             "401 Unauthorized answer from the mirror",
             "401 Unauthorized", ContextVerdict::kInfoLevel}),
    case_name);

TEST(JudgeTest, AHypotheticalLeadInMakesAQuotedBlockHypothetical) {
  // sdk-for-java#10136: the lead-in before a fenced block says what a reader would see.
  const std::string rec =
      "ManagedIdentityCredential authentication unavailable. Connection to IMDS endpoint cannot be "
      "established, connect timed out.";
  const size_t at = rec.find("Connection to IMDS");
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "If the connection to Managed Identity times out, you'll see an "
                                "error with the following message, indicating that the credential "
                                "is unavailable for use as the connection timed out."),
            ContextVerdict::kHypothetical);
  // A user's own report before the same block: the block is their failure.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "Since this morning our pods fail with the following error:"),
            kError);
  EXPECT_EQ(judge_error_context(rec, at, at + 18), kError);
  // A condition and what follows from it is documentation; a user's "when I" is a report.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "If the audience is wrong, the error from the server is:"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18, "When I deploy it, the error I get is:"), kError);
  // azure-cli#31009: an announcement states what a command does under a condition.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "If MFA is required for the user, the above command fails with "
                                "the following error message:"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "If I run it from the pipeline, the command fails with the "
                                "following error:"),
            kError);
  // The clause that introduces the block ends at a comma; a link's address has full stops.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "If you see error message similar to the following in the "
                                "`AzureCluster` object, this can be because the user-assigned "
                                "identity does not have required permission."),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "your request might be blocked by [Conditional Access: Require "
                                "compliant devices](https://docs.microsoft.com/en-us/x) policy:"),
            ContextVerdict::kHypothetical);
  // azure-sdk-for-net#12789: a comment introduces the service's new wording of the message.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "It looks like the error message has been updated to be more "
                                "clear when AAD auth is attempted without a custom subdomain "
                                "name:"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "After we updated the chart, every pod logs this message:"),
            kError);
  // azure-docs-cli#2515: a change's description says what a command will get, with no reader
  // addressed; a report says what it got.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "if the vm has 2 user assigned managed identities, use `az login "
                                "--identity` without `--username` will get the following error:"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "On a vm with 2 user assigned managed identities, `az login "
                                "--identity` without `--username` got the following error:"),
            kError);
  // A troubleshooting page's sample, introduced as "Example error:".
  EXPECT_EQ(judge_error_context(rec, at, at + 18, "Example error:"), ContextVerdict::kHypothetical);
  // AKS#413: an announcement says who will be refused once a change lands.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "Users with `Reader` role will be rejected with error message like "
                                "below."),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "Since Monday our deployments are rejected with the error below."),
            kError);
  // azure-cli#28915: the lead-in names the code the quote then shows, and the quote's source
  // address follows it on a line of its own.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "Azure DevOps's document now also explains `AADSTS700024`: "
                                "https://learn.microsoft.com/en-us/azure/devops/pipelines/x"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "Our release job explains nothing, it just fails with "
                                "`AADSTS700024`:"),
            kError);
  EXPECT_EQ(judge_error_context(rec, at, at + 18, "Consider the following error message:"),
            ContextVerdict::kHypothetical);
  // A report that names the object, then a clause: still the user's failure.
  EXPECT_EQ(judge_error_context(rec, at, at + 18,
                                "In the AzureCluster object, since this morning, we get:"),
            kError);
}

TEST(JudgeTest, ASectionThatDocumentsTheErrorMakesItHypothetical) {
  const std::string rec =
      "E0120 token_credential.go:70] \"failed to acquire token\" err=\"AADSTS70021: No matching "
      "federated identity record found for presented assertion.\"";
  const size_t at = rec.find("AADSTS70021");
  auto judged = [&](std::string_view section) {
    return judge_error_context(rec, at, at + 11, {}, section);
  };
  // Titled with the code, with the record's own text, or as an explanation.
  EXPECT_EQ(judged("AADSTS70021: No matching federated identity record found"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judged("No matching federated identity record found"), ContextVerdict::kHypothetical);
  EXPECT_EQ(judged("Root cause"), ContextVerdict::kHypothetical);
  EXPECT_EQ(judged("Troubleshooting `AADSTS70021`"), ContextVerdict::kHypothetical);
  // An issue's own sections name no code.
  EXPECT_EQ(judged("Describe the bug"), kError);
  EXPECT_EQ(judged("Logs"), kError);
  EXPECT_EQ(judged(""), kError);
}

// "If you see" counts within 120 bytes of the code and within its sentence: the bound is the
// catalog's `[^.!?\n]{0,120}` written without the counted repetition.
TEST(JudgeTest, AHypotheticalPhraseReachesOneHundredAndTwentyBytesWithinItsSentence) {
  auto with_gap = [](size_t gap) {
    return "If you see" + std::string(gap, ' ') + "AADSTS70021: No matching federated identity";
  };
  EXPECT_EQ(judge(with_gap(120), "AADSTS70021"), ContextVerdict::kHypothetical);
  EXPECT_EQ(judge(with_gap(121), "AADSTS70021"), kError);
  EXPECT_EQ(judge("If you see this. AADSTS70021: No matching federated identity", "AADSTS70021"),
            kError);
  // The phrase itself is found however far back its sentence starts.
  EXPECT_EQ(judge(std::string(200, 'w') + " when you get " + "AADSTS70021", "AADSTS70021"),
            ContextVerdict::kHypothetical);
}

TEST(JudgeTest, DefinitionsAndCommentLinesAreNotFailures) {
  const std::string def =
      "AADSTS700016 is the error Microsoft Entra ID returns when the application was not found.";
  EXPECT_EQ(judge_error_context(def, 0, 12), ContextVerdict::kHypothetical);
  const std::string comment =
      "// E1202 22:40:05.500821  867104 main.go:57] \"failed to add federated identity "
      "credential\" err=\"AADSTS70021: x\"";
  const size_t at = comment.find("AADSTS70021");
  EXPECT_EQ(judge_error_context(comment, at, at + 11), ContextVerdict::kSourceCode);
  // A statement of the failure is not a definition.
  const std::string fail = "AADSTS700016: Application with identifier 'x' was not found";
  EXPECT_EQ(judge_error_context(fail, 0, 12), kError);
  // A glossary entry explains a whole message after it; the same message in a log goes on with
  // the log's own words.
  const std::string msg = "Client address is not authorized and caller is not a trusted service";
  const std::string glossary = "\"" + msg + "\" - This is a firewall (network) issue.";
  EXPECT_EQ(judge(glossary, msg), ContextVerdict::kHypothetical);
  EXPECT_EQ(judge("Status=403 Code=\"Forbidden\" Message=\"" + msg +
                      ".\\r\\nClient address: 203.0.113.24\"",
                  msg),
            kError);
  // A script's table of messages keeps them in variables; logfmt's lower-case keys are events.
  EXPECT_EQ(judge("ERROR=Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable", "Unable"),
            ContextVerdict::kSourceCode);
  EXPECT_EQ(
      judge("level=error msg=\"Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable\"",
            "Unable"),
      kError);
  // An SDK's string-literal union lists the values a status may take.
  EXPECT_EQ(judge("  | \"AccessToKeyVaultDenied\"", "AccessToKeyVaultDenied"),
            ContextVerdict::kSourceCode);
  EXPECT_EQ(judge("\"status\": \"AccessToKeyVaultDenied\"", "AccessToKeyVaultDenied"), kError);
  // A recorded response in a test (nock), and a .NET stack frame, which opens with "at".
  EXPECT_EQ(judge("  .reply(403, \"<Error><Code>AuthorizationPermissionMismatch</Code></Error>\")",
                  "AuthorizationPermissionMismatch"),
            ContextVerdict::kSourceCode);
  EXPECT_EQ(judge("   at Azure.Storage.Blobs.BlobRestClient.DownloadAsync() "
                  "AuthorizationPermissionMismatch",
                  "AuthorizationPermissionMismatch"),
            kError);
}

TEST(JudgeTest, ExplanationsCitationsAndWrappedArgumentsAreNotFailures) {
  // "The error CODE means …" and "The CODE error occurs when …" define the code.
  EXPECT_EQ(
      judge("The error AADSTS50173 means your cached sign-in token was revoked.", "AADSTS50173"),
      ContextVerdict::kHypothetical);
  EXPECT_EQ(judge("The AADSTS500133 error occurs when the access token is not within its valid "
                  "time range.",
                  "AADSTS500133"),
            ContextVerdict::kHypothetical);
  // The same code stated with its message is a failure, also after "error".
  EXPECT_EQ(judge("ERROR: AADSTS50173: The provided grant has expired due to it being revoked",
                  "AADSTS50173"),
            kError);
  // A code alone in parentheses after the sentence that explains it is a citation.
  EXPECT_EQ(judge("Azure rejects refreshing such self-tokens unless the resource is the "
                  "GUID-based App Identifier (AADSTS90009). Sign-in tolerated the URI form.",
                  "AADSTS90009"),
            ContextVerdict::kDocShape);
  // In an error envelope the bracketed code still counts, and a code with its message in
  // brackets is no citation.
  EXPECT_EQ(judge("Status=400 Code=\"invalid_request\" token request failed (AADSTS90009).",
                  "AADSTS90009"),
            kError);
  EXPECT_EQ(judge("token request failed (AADSTS90009: Application is requesting a token for "
                  "itself)",
                  "AADSTS90009"),
            kError);
  // A feature request's title says what should improve; "whenever X throws" is a general account.
  EXPECT_EQ(judge("[Feature Request] Improve error messages for \"Error=AADSTS500014: The service "
                  "principal for resource 'xyz' is disabled\"",
                  "AADSTS500014"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge("Whenever SqlClient throws a SqlException with the message \"Login failed for "
                  "user '<token-identified principal>'\" it should say who that is.",
                  "Login failed"),
            ContextVerdict::kHypothetical);
  EXPECT_EQ(judge("[Bug] Error=AADSTS500014: The service principal for resource 'xyz' is disabled",
                  "AADSTS500014"),
            kError);
  // A message passed as a call's last argument on its own indented line is source code; the
  // same text logged on its own line is not.
  const std::string msg = "No token file specified. Check pod configuration.";
  EXPECT_EQ(judge("          \"" + msg + "\");", "No token file"), ContextVerdict::kSourceCode);
  EXPECT_EQ(judge("          " + msg, "No token file"), kError);
}

TEST(JudgeTest, BeginPastBoundaryClassJudgesTheWord) {
  // Patterns such as (?:^|[^A-Za-z])AuthorizationFailed match the character before the word.
  std::string_view rec = "scanned: 0 AuthorizationFailed responses";
  size_t at = rec.find(" AuthorizationFailed");
  EXPECT_EQ(judge_error_context(rec, at, at + 21), ContextVerdict::kCount);
}

TEST(JudgeTest, MatchOnContinuationLineJudgesThatLine) {
  // A klog err=< block: the first line has the level and the envelope, the code sits below.
  std::string rec =
      "I1205 09:12:44.118734       1 azure.go:312] \"retrying\" err=<\n"
      "        AADSTS70021: No matching federated identity record found for presented "
      "assertion.\n"
      " >";
  EXPECT_EQ(judge(rec, "AADSTS70021"), kError);
}

constexpr const char* kRules = R"(
- id: AADSTS70021
  group: token-exchange
  title: No federated identity credential matches
  severity: error
  kind: log
  match:
    any: ['AADSTS70021(?:[^0-9]|$)']
    components: [any]
  explain: x
- id: WEBHOOK_STATEMENT
  group: webhook
  title: an info line the component writes on purpose
  severity: warning
  kind: log
  match:
    any: ['skipping mutation for pod']
    components: [any]
    context: any
  explain: y
)";

class ContextScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = load_catalog({CatalogSource{"test.yaml", kRules, false}});
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    catalog_ = std::make_unique<Catalog>(std::move(c).value());
    auto s = LogScanner::create(*catalog_, ScanOptions{});
    ASSERT_TRUE(s.ok());
    scanner_ = std::move(s).value();
  }
  uint64_t hits(std::string_view text, const std::string& id) const {
    for (auto& h : scanner_->scan_text(text).hits)
      if (h.rule_id == id) return h.count;
    return 0;
  }
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<LogScanner> scanner_;
};

TEST_F(ContextScanTest, ProseMentionIsNotAHit) {
  EXPECT_EQ(hits("| AADSTS70021 | No matching federated identity record |\n", "AADSTS70021"), 0u);
  EXPECT_EQ(hits("  if ($msg -match 'AADSTS70021') { exit 1 }\n", "AADSTS70021"), 0u);
}

TEST_F(ContextScanTest, LaterMentionInErrorContextStillCounts) {
  // The first mention is a count, the second the failure itself: the record is a hit.
  EXPECT_EQ(hits("retry 3 of 5 (0 AADSTS70021 before): AADSTS70021: No matching federated "
                 "identity record found\n",
                 "AADSTS70021"),
            1u);
}

TEST_F(ContextScanTest, QuotedSourceIsJudgedByItsOwnLineNotTheJoinedCopy) {
  // Indented lines continue a record, and the unescaped copy joins them with spaces: there the
  // literal no longer ends its line. The raw record's judgement (source code) stands.
  const std::string source =
      "func explain() error {\n"
      "\tmsg := \"AADSTS70021: No matching federated identity record found\"\n"
      "\tlog.Printf(\"%s: %v\", msg, err)\n";
  EXPECT_EQ(hits(source, "AADSTS70021"), 0u);
  // The same continuation lines in a real failure still count.
  EXPECT_EQ(hits("E1205 09:12:44.118734       1 azure.go:312] token request failed:\n"
                 "\tAADSTS70021: No matching federated identity record found\n"
                 "\tTrace ID: 0a1b2c3d\n",
                 "AADSTS70021"),
            1u);
}

TEST_F(ContextScanTest, CountsOnlyTheRecordsInContext) {
  std::string log =
      "I1205 09:00:00.000000       1 scan.go:1] summary: 0 AADSTS70021 responses\n"
      "E1205 09:00:01.000000       1 token.go:2] \"get token\" err=\"AADSTS70021: No matching "
      "federated identity record found\"\n"
      "- AADSTS70021: see the troubleshooting guide\n";
  EXPECT_EQ(hits(log, "AADSTS70021"), 1u);
}

TEST_F(ContextScanTest, ABulletAmongIndentedBulletsStaysABullet) {
  // Indented bullets continue the record of the line above them; the unescaped copy of the
  // record must keep each item a line of its own, or the sibling bullet's error words (a
  // credential entry) would lend the documentation bullet an error context.
  const std::string runbook =
      "Your pod logs show one of these:\n"
      "  \xE2\x80\xA2 ClientAssertionCredential authentication failed\n"
      "  \xE2\x80\xA2 AADSTS70021: No matching federated identity record found\n";
  EXPECT_EQ(hits(runbook, "AADSTS70021"), 0u);
  // The same item after an error envelope on its record is an error.
  EXPECT_EQ(hits("E1205 09:00:01.000000       1 token.go:2] token request failed:\n"
                 "  - AADSTS70021: No matching federated identity record found\n",
                 "AADSTS70021"),
            1u);
}

// The scanner carries the prose before a fenced block into the judgement of the block's records:
// a runbook's "you'll see" block is not a hit, a user's "I get" block and a later bare paste are.
TEST_F(ContextScanTest, AFencedBlockIsJudgedWithItsLeadIn) {
  const std::string runbook =
      "## Symptoms\n"
      "If the credential is missing you'll see an error with the following message:\n"
      "```\n"
      "AADSTS70021: No matching federated identity record found for presented assertion.\n"
      "```\n";
  EXPECT_EQ(hits(runbook, "AADSTS70021"), 0u);
  const std::string issue =
      "Since the upgrade our controller fails with the following error:\n"
      "```\n"
      "AADSTS70021: No matching federated identity record found for presented assertion.\n"
      "```\n";
  EXPECT_EQ(hits(issue, "AADSTS70021"), 1u);
  // The same in a numbered step: the fence and its block are indented under the item.
  const std::string guide =
      "1. Enable logging and you will see which credential failed, as shown below:\n"
      "\n"
      "   ```text\n"
      "   [ERROR] c.a.i.implementation.IdentityClient : ManagedIdentityCredential authentication "
      "unavailable. AADSTS70021: No matching federated identity record found.\n"
      "   ```\n";
  EXPECT_EQ(hits(guide, "AADSTS70021"), 0u);
  const std::string step =
      "1. Deploy the chart. The pod then logs:\n"
      "\n"
      "   ```text\n"
      "   [ERROR] c.a.i.implementation.IdentityClient : AADSTS70021: No matching federated "
      "identity record found.\n"
      "   ```\n";
  EXPECT_EQ(hits(step, "AADSTS70021"), 1u);
  // After the block closes, the runbook's lead-in no longer applies.
  EXPECT_EQ(hits(runbook + "Then the pod logged:\nAADSTS70021: No matching federated identity "
                           "record found for presented assertion.\n",
                 "AADSTS70021"),
            1u);
}

TEST_F(ContextScanTest, ContextAnyRuleIgnoresTheJudgement) {
  EXPECT_EQ(hits("I1205 09:00:00.000000       1 webhook.go:1] skipping mutation for pod "
                 "default/app\n",
                 "WEBHOOK_STATEMENT"),
            1u);
}

TEST(MatchContextTest, CatalogRejectsAnUnknownContext) {
  std::string rules = kRules;
  rules.replace(rules.find("context: any"), 12, "context: some");
  auto c = load_catalog({CatalogSource{"test.yaml", rules, false}});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().to_string().find("match.context"), std::string::npos)
      << c.error().to_string();
}

}  // namespace
}  // namespace wid
