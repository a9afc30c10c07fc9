// The live HTTP client against a real loopback HTTPS server (tests/support/fake_cluster.py) with
// a CA made for the test: trust added to the system store, the refused private address, and the
// faults an issuer can have (endless body, redirect loop, redirect to http, stall).
#include "collectors/http/http_client.h"

#include <gtest/gtest.h>

#include "tests/collectors/collector_fixtures.h"
#include "tests/support/fake_cluster.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

using test::FakeCluster;

constexpr const char* kIssuerHost = "oidc.example.test";
const std::string kScenario = std::string(WID_SOURCE_DIR) + "/fixtures/live/issuer-doc-slash";

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { pki_ = test::make_test_pki(tmp_.path().string(), {kIssuerHost}); }

  HttpRequest issuer_request(const FakeCluster& server, const std::string& address = "127.0.0.1") {
    HttpRequest req;
    req.url = std::string("https://") + kIssuerHost + "/oidc/.well-known/openid-configuration";
    req.connect_to = {server.connect_to(kIssuerHost, address)};
    req.trust.extra_ca_pem = {test::read_file(pki_.ca_cert)};
    req.https_only = true;
    req.max_redirects = http_limits::kMaxIssuerRedirects;
    return req;
  }

  testing::TempDir tmp_;
  test::TestPki pki_;
};

TEST_F(HttpClientTest, ExtraCaIsAddedToTheSystemStore) {
  FakeCluster server(pki_, test::serve(kScenario));
  ASSERT_TRUE(server.started());
  auto r = http_fetch(issuer_request(server));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_EQ(r->primary_ip, "127.0.0.1");
  EXPECT_NE(r->body.find("\"jwks_uri\""), std::string::npos);
}

TEST_F(HttpClientTest, ServerSignedByAnotherCaIsRefused) {
  FakeCluster server(pki_, test::serve(kScenario));
  ASSERT_TRUE(server.started());
  HttpRequest req = issuer_request(server);
  req.trust.extra_ca_pem = {test::read_file(pki_.other_ca_cert)};
  auto r = http_fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("SSL certificate problem"), std::string::npos)
      << r.error().message;
}

TEST_F(HttpClientTest, PrivateAddressIsRefusedByTheAddressConnectedTo) {
  FakeCluster server(pki_, test::serve(kScenario));
  ASSERT_TRUE(server.started());
  HttpRequest req = issuer_request(server, "127.0.0.2");
  req.refuse_private = true;
  auto r = http_fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("refused to connect to 127.0.0.2"), std::string::npos)
      << r.error().message;
  // Without the guard the same request does try to connect (and finds nobody on 127.0.0.2, the
  // server listens on 127.0.0.1 only): the refusal above came before any connection.
  req.refuse_private = false;
  auto unguarded = http_fetch(req);
  ASSERT_FALSE(unguarded.ok());
  EXPECT_NE(unguarded.error().message.find("127.0.0.2"), std::string::npos);
  EXPECT_EQ(unguarded.error().message.find("refused to connect"), std::string::npos);
}

TEST_F(HttpClientTest, OnlyCaReplacesTheStoreForTheApiServer) {
  FakeCluster server(pki_, test::serve(kScenario, "kube-token"));
  ASSERT_TRUE(server.started());
  HttpRequest req;
  req.url = server.server() + "/.well-known/openid-configuration";
  req.trust.only_ca_pem = test::read_file(pki_.ca_cert);
  req.headers = {"Authorization: Bearer kube-token"};
  auto r = http_fetch(req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  req.headers.clear();  // the server enforces bearer auth: a 401 is an answer, not an error
  auto unauth = http_fetch(req);
  ASSERT_TRUE(unauth.ok()) << unauth.error().message;
  EXPECT_EQ(unauth->status, 401);
}

TEST_F(HttpClientTest, EndlessBodyStopsAtTheCap) {
  FakeCluster server(pki_, test::serve(kScenario, "", {}, "endless"));
  ASSERT_TRUE(server.started());
  HttpRequest req = issuer_request(server);
  req.max_body = size_t{256} * 1024;
  auto r = http_fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_NE(r.error().message.find("larger than 262144 bytes"), std::string::npos);
}

TEST_F(HttpClientTest, RedirectLoopEndsAtTheRedirectCap) {
  FakeCluster server(pki_, test::serve(kScenario, "", {}, "redirect-loop"));
  ASSERT_TRUE(server.started());
  auto r = http_fetch(issuer_request(server));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("more than 3 redirects"), std::string::npos)
      << r.error().message;
}

TEST_F(HttpClientTest, RedirectToHttpIsRefused) {
  FakeCluster server(pki_, test::serve(kScenario, "", {}, "redirect-http"));
  ASSERT_TRUE(server.started());
  auto r = http_fetch(issuer_request(server));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("only https is allowed"), std::string::npos)
      << r.error().message;
}

TEST_F(HttpClientTest, StallingServerEndsAtTheRequestTimeout) {
  FakeCluster server(pki_, test::serve(kScenario, "", {}, "stall"));
  ASSERT_TRUE(server.started());
  HttpRequest req = issuer_request(server);
  req.timeout_ms = 1500;
  auto r = http_fetch(req);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("timed out after 1500 ms"), std::string::npos)
      << r.error().message;
}

TEST(UrlEscape, KeepsOnlyTheUnreservedCharacters) {
  // An ARM $filter value and a Kubernetes continue token, as the collectors send them.
  EXPECT_EQ(url_escape("assignedTo('5f0b2c8e-1d7a')"), "assignedTo%28%275f0b2c8e-1d7a%27%29");
  EXPECT_EQ(url_escape("eyJ2IjoibWV0YS5rOHMuaW8vdjEi+/="), "eyJ2IjoibWV0YS5rOHMuaW8vdjEi%2B%2F%3D");
  EXPECT_EQ(url_escape("-._~AZaz09"), "-._~AZaz09");
  EXPECT_EQ(url_escape("a b\xC3\xA9"), "a%20b%C3%A9");
  EXPECT_EQ(url_escape(""), "");
}

TEST(PrivateAddress, JudgesTheAddressNotTheName) {
  for (const char* ip : {"127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                         "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"})
    EXPECT_TRUE(is_private_address(ip)) << ip;
  for (const char* ip : {"20.60.133.36", "172.32.0.1", "192.169.0.1", "2603:1030::1"})
    EXPECT_FALSE(is_private_address(ip)) << ip;
}

}  // namespace
}  // namespace wid
