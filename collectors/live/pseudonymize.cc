#include "collectors/live/pseudonymize.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace wid {
namespace {

constexpr size_t kGuidLength = 36;
// How far before a GUID its name is looked for ("tenantID": ", /subscriptions/, with object id ').
constexpr size_t kContextBytes = 48;

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool is_guid_at(std::string_view s, size_t i) {
  if (i + kGuidLength > s.size()) return false;
  for (size_t k = 0; k < kGuidLength; ++k) {
    const bool dash = k == 8 || k == 13 || k == 18 || k == 23;
    if (dash ? s[i + k] != '-' : !is_hex(s[i + k])) return false;
  }
  // Not part of a longer token (a hex run or another GUID).
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  return (i == 0 || !word(s[i - 1])) && (i + kGuidLength == s.size() || !word(s[i + kGuidLength]));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Names of tenant, subscription and object IDs as JSON keys, flags, env names, URL segments and
// the words of Entra and ARM messages, compared lowercase at the end of the text before a GUID.
constexpr std::string_view kNames[] = {"tenantid",
                                       "tenant-id",
                                       "tenant_id",
                                       "tenant id",
                                       "tenant",
                                       "tid",
                                       "subscriptionid",
                                       "subscription-id",
                                       "subscription_id",
                                       "subscription id",
                                       "subscription",
                                       "subscriptions/",
                                       "principalid",
                                       "principal-id",
                                       "principal_id",
                                       "principal id",
                                       "objectid",
                                       "object-id",
                                       "object_id",
                                       "object id",
                                       "oid",
                                       "microsoftonline.com/",
                                       "microsoftonline.us/",
                                       "chinacloudapi.cn/",
                                       "login.windows.net/"};

// Whether the text before position i names the GUID there as one to pseudonymize.
bool named_sensitive(std::string_view s, size_t i) {
  const size_t from = i > kContextBytes ? i - kContextBytes : 0;
  const std::string before = lower(s.substr(from, i - from));
  std::string name = before;
  // Drop the quoting and separators between a name and its value: "tenantID": " or TENANT_ID='
  while (!name.empty() &&
         std::string_view(" \t\"'\\:=,").find(name.back()) != std::string_view::npos)
    name.pop_back();
  for (std::string_view n : kNames) {
    if (!ends_with(name, n)) continue;
    // tid and oid are whole words (JWT claims), never the end of "void" or "android".
    const size_t at = name.size() - n.size();
    if (n.size() > 3 || at == 0 || !std::isalnum(static_cast<unsigned char>(name[at - 1])))
      return true;
  }
  // An env entry: {"name": "AZURE_TENANT_ID", "value": "<guid>"}.
  return ends_with(name, "value") && (before.find("tenant_id") != std::string::npos ||
                                      before.find("subscription_id") != std::string::npos);
}

}  // namespace

Pseudonymizer::Pseudonymizer(std::string key) : key_(std::move(key)) {
  if (!key_.empty()) return;
  key_.resize(32);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) != 1)
    key_.clear();  // never a fixed key: the pseudonyms below then fall back to a fresh one each
}

Pseudonymizer::~Pseudonymizer() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string Pseudonymizer::pseudonym(std::string_view guid) const {
  const std::string id = lower(guid);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  std::string key = key_;
  if (key.empty()) {  // RAND_bytes failed: a per-ID random value keeps the ID out, consistency lost
    key.resize(32);
    RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32);
  }
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(id.data()), id.size(), mac.data(), &len);
  OPENSSL_cleanse(key.data(), key.size());
  mac[6] = static_cast<unsigned char>((mac[6] & 0x0f) | 0x40);  // version 4
  mac[8] = static_cast<unsigned char>((mac[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t b = 0; b < 16; ++b) {
    if (b == 4 || b == 6 || b == 8 || b == 10) out += '-';
    out += kHex[mac[b] >> 4];
    out += kHex[mac[b] & 0x0f];
  }
  const bool upper = std::any_of(
      guid.begin(), guid.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  if (upper)
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void Pseudonymizer::learn(std::string_view text) {
  for (size_t i = text.find('-'); i != std::string_view::npos; i = text.find('-', i + 1)) {
    if (i < 8 || !is_guid_at(text, i - 8)) continue;
    const size_t start = i - 8;
    const std::string id = lower(text.substr(start, kGuidLength));
    if (!ids_.count(id) && named_sensitive(text, start)) ids_[id] = pseudonym(id);
    i = start + kGuidLength - 1;
  }
}

std::string Pseudonymizer::apply(std::string_view text) const {
  if (ids_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t i = text.find('-'); i != std::string_view::npos; i = text.find('-', i + 1)) {
    if (i < 8 || i - 8 < copied || !is_guid_at(text, i - 8)) continue;
    const size_t start = i - 8;
    const std::string_view guid = text.substr(start, kGuidLength);
    auto it = ids_.find(lower(guid));
    if (it == ids_.end()) continue;
    out.append(text.substr(copied, start - copied));
    out += pseudonym(guid);
    copied = start + kGuidLength;
    i = copied - 1;
  }
  out.append(text.substr(copied));
  return out;
}

void pseudonymize_bundle(LiveBundle& bundle, Pseudonymizer& p) {
  for (const MemoryFile& f : bundle.files()) {
    p.learn(f.path);
    p.learn(*f.data);
    p.learn(f.url);
  }
  for (const CollectorStatus& c : bundle.collectors()) p.learn(c.error);
  bundle.rewrite([&](std::string_view text) { return p.apply(text); }, "pseudonymized-id",
                 static_cast<int>(p.known()));
}

}  // namespace wid
