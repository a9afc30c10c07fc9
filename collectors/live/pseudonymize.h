// --pseudonymize: tenant, subscription and object (principal) IDs replaced, in every file a live
// run keeps, its URLs and its collector errors, by pseudonyms of the same GUID form, so the bundle
// can leave the organisation and every parser still accepts it. The same ID always gets the same
// pseudonym within a run (HMAC-SHA256 under a random key made for the run and never kept), so
// comparisons between files judge alike; other GUIDs (client IDs, UIDs, trace IDs, role
// definition IDs) are left as they are.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "collectors/live/live_bundle.h"

namespace wid {

class Pseudonymizer {
 public:
  // key: the HMAC key; empty makes a random 32-byte key.
  explicit Pseudonymizer(std::string key = "");
  ~Pseudonymizer();
  Pseudonymizer(const Pseudonymizer&) = delete;
  Pseudonymizer& operator=(const Pseudonymizer&) = delete;

  // The pseudonym of a GUID: a version-4 GUID from the HMAC, in the input's letter case.
  std::string pseudonym(std::string_view guid) const;
  // Remembers every GUID text names as a tenant, subscription, object or principal ID.
  void learn(std::string_view text);
  // text with every remembered GUID (any case) replaced by its pseudonym.
  std::string apply(std::string_view text) const;
  size_t known() const { return ids_.size(); }

 private:
  std::string key_;
  std::map<std::string, std::string> ids_;  // lowercase GUID -> lowercase pseudonym
};

// Learns from every file, URL and error of bundle, then rewrites them all; the count of IDs
// mapped is recorded under redactions as "pseudonymized-id".
void pseudonymize_bundle(LiveBundle& bundle, Pseudonymizer& p);

}  // namespace wid
