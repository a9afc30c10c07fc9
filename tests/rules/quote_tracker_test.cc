// QuoteTracker: which records of a file sit in a Markdown fenced block or blockquote, and the
// prose record that introduced the block.
#include "rules/quote_tracker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wid {
namespace {

struct Seen {
  Quoting quoting;
  std::string lead_in;
};

// Feeds records the way the scanner does: classify, then keep prose records.
std::vector<Seen> feed(const std::vector<std::string>& records) {
  QuoteTracker t;
  std::vector<Seen> out;
  for (std::string r : records) {
    const Quoting q = t.classify(r);
    out.push_back({q, q == Quoting::kQuoted ? std::string(t.lead_in()) : ""});
    if (q == Quoting::kProse) t.keep_prose(r);
  }
  return out;
}

TEST(QuoteTracker, AFencedBlockKeepsTheProseBeforeIt) {
  auto seen = feed({"You'll see:", "", "```text", "AADSTS70021: No matching", "more", "```",
                    "After the block."});
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen[0].quoting, Quoting::kProse);
  EXPECT_EQ(seen[1].quoting, Quoting::kBlank);
  EXPECT_EQ(seen[2].quoting, Quoting::kFence);
  EXPECT_EQ(seen[3].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[3].lead_in, "You'll see:");  // the blank line between does not replace it
  EXPECT_EQ(seen[4].lead_in, "You'll see:");
  EXPECT_EQ(seen[5].quoting, Quoting::kFence);
  EXPECT_EQ(seen[6].quoting, Quoting::kProse);
}

TEST(QuoteTracker, TildeFencesAndIndentedFencesCount) {
  auto seen = feed({"Output:", "  ~~~", "error text", "  ~~~", "next"});
  EXPECT_EQ(seen[1].quoting, Quoting::kFence);
  EXPECT_EQ(seen[2].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[2].lead_in, "Output:");
  EXPECT_EQ(seen[4].quoting, Quoting::kProse);
}

// A fence indented under a list item reaches the tracker with its indented block joined to it
// (the scanner's continuation lines): that record is the quoted block, with the lead-in.
TEST(QuoteTracker, AnIndentedFenceWithItsBlockIsQuoted) {
  auto seen = feed({"   Enable logging and you will see which credential failed, as shown below:",
                    "   ```text\n   [ERROR] ManagedIdentityCredential authentication unavailable.",
                    "   ```", "Back to prose."});
  EXPECT_EQ(seen[1].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[1].lead_in,
            "   Enable logging and you will see which credential failed, as shown below:");
  EXPECT_EQ(seen[2].quoting, Quoting::kFence);  // closes it
  EXPECT_EQ(seen[3].quoting, Quoting::kProse);
}

TEST(QuoteTracker, ABlockquoteRunSharesOneLeadIn) {
  auto seen = feed({"The guide explains it:", "> AADSTS700024: Client assertion", ">",
                    "> If the error happens after an hour", "Back to prose."});
  EXPECT_EQ(seen[1].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[1].lead_in, "The guide explains it:");
  EXPECT_EQ(seen[3].lead_in, "The guide explains it:");
  EXPECT_EQ(seen[4].quoting, Quoting::kProse);
}

TEST(QuoteTracker, ALinkAloneBeforeAQuoteStaysWithTheLeadIn) {
  // azure-cli#28915: the sentence, a blank line, the quote's source address, a blank line, the
  // quote. The address is no paragraph of its own and not the colon paragraph's quote.
  auto seen = feed({"Azure DevOps's document now also explains `AADSTS700024`:", "",
                    "https://learn.microsoft.com/en-us/azure/devops/pipelines/x", "",
                    "> AADSTS700024: Client assertion"});
  EXPECT_EQ(seen[2].quoting, Quoting::kProse);
  EXPECT_EQ(seen[4].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[4].lead_in,
            "Azure DevOps's document now also explains `AADSTS700024`: "
            "https://learn.microsoft.com/en-us/azure/devops/pipelines/x");
  // A line with more than the link is a paragraph of its own.
  seen = feed({"The guide explains it.", "", "See https://example.test/x for more.", "",
               "> AADSTS700024: Client assertion"});
  EXPECT_EQ(seen[4].lead_in, "See https://example.test/x for more.");
}

TEST(QuoteTracker, AnInlineCodeParagraphTakesTheProseBeforeIt) {
  auto seen =
      feed({"You are unable to assign a role and you get an error similar to the following:", "",
            "`Failed to add {securityPrincipal} as {role} for {scope} : The client`",
            "Back to prose with `code` inside."});
  EXPECT_EQ(seen[2].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[2].lead_in,
            "You are unable to assign a role and you get an error similar to the following:");
  EXPECT_EQ(seen[3].quoting, Quoting::kProse);
  // A fence is not an inline span, and a log line that merely holds backticks is prose.
  EXPECT_EQ(feed({"``` "})[0].quoting, Quoting::kFence);
  EXPECT_EQ(feed({"`AADSTS70021` seen in the log at 10:00"})[0].quoting, Quoting::kProse);
}

TEST(QuoteTracker, AParagraphAfterAColonTakesItAsLeadIn) {
  auto seen =
      feed({"When working with Event Hubs you may encounter the error:", "",
            "Unauthorized access. 'Listen' claim(s) are required to perform this operation.",
            "TrackingId:0f1e2d3c, SystemTracker:contoso.servicebus.windows.net:orders", "",
            "This error occurs when the permissions are not configured."});
  EXPECT_EQ(seen[2].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[2].lead_in, "When working with Event Hubs you may encounter the error:");
  // The whole paragraph is quoted (a pretty-printed JSON answer spans lines); the next one is not.
  EXPECT_EQ(seen[3].quoting, Quoting::kQuoted);
  EXPECT_EQ(seen[3].lead_in, "When working with Event Hubs you may encounter the error:");
  EXPECT_EQ(seen[5].quoting, Quoting::kProse);
  // Without the blank line only the next line takes the lead-in; after a sentence that does not
  // end with a colon, it is prose.
  auto next = feed({"You will see AADSTS700016 like this:", "AADSTS700016: Application with",
                    "Trace ID: 1c2d3e4f"});
  EXPECT_EQ(next[1].quoting, Quoting::kQuoted);
  EXPECT_EQ(next[1].lead_in, "You will see AADSTS700016 like this:");
  EXPECT_EQ(next[2].quoting, Quoting::kProse);
  EXPECT_EQ(feed({"It failed.", "", "AADSTS70021: No matching"})[2].quoting, Quoting::kProse);
}

TEST(QuoteTracker, TheLastHeadingOutsideFencesIsTheSection) {
  QuoteTracker t;
  for (std::string r : {"## AADSTS70021: No matching federated identity record found", "", "```",
                        "# a shell comment in the block", "```"}) {
    if (t.classify(r) == Quoting::kProse) t.keep_prose(r);
  }
  EXPECT_EQ(t.section(), "AADSTS70021: No matching federated identity record found");
  std::string next = "### Root cause";
  t.classify(next);
  EXPECT_EQ(t.section(), "Root cause");
  std::string tag = "#hashtag is no heading";
  t.classify(tag);
  EXPECT_EQ(t.section(), "Root cause");
}

TEST(QuoteTracker, LogLinesAreProse) {
  auto seen = feed({"E1205 09:12:44.118734       1 controller.go:329] \"Reconciler error\"",
                    "I1205 09:12:45.000000       1 controller.go:330] retrying"});
  EXPECT_EQ(seen[0].quoting, Quoting::kProse);
  EXPECT_EQ(seen[1].quoting, Quoting::kProse);
}

}  // namespace
}  // namespace wid
