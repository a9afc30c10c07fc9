#include "collectors/parse/json_loader.h"

#include <cstring>
#include <unordered_set>

#include "analyzer/model/text.h"

namespace wid {
namespace {

using Json = nlohmann::json;

// Counts depth, optionally tracks member names, records where and why parsing stopped.
class CheckingSax : public nlohmann::json_sax<Json> {
 public:
  CheckingSax(size_t max_depth, bool track_keys) : max_depth_(max_depth), track_keys_(track_keys) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }

  bool start_object(std::size_t) override {
    if (!push()) return false;
    if (track_keys_) keys_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    if (!track_keys_) return true;
    if (!keys_.back().insert(k).second) duplicates_.push_back(k);
    return true;
  }
  bool end_object() override {
    --depth_;
    if (track_keys_) keys_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return push(); }
  bool end_array() override {
    --depth_;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    failed_ = true;
    position_ = position;
    id_ = ex.id;
    // what() is inspected for its category only, never copied into a message.
    utf8_ = std::strstr(ex.what(), "UTF-8") != nullptr;
    return false;
  }

  bool depth_exceeded() const { return depth_exceeded_; }
  bool failed() const { return failed_; }
  size_t position() const { return position_; }
  int id() const { return id_; }
  bool utf8() const { return utf8_; }
  const std::vector<std::string>& duplicates() const { return duplicates_; }

 private:
  bool push() {
    if (++depth_ > max_depth_) {
      depth_exceeded_ = true;
      return false;
    }
    return true;
  }

  size_t max_depth_;
  bool track_keys_;
  size_t depth_ = 0;
  bool depth_exceeded_ = false;
  bool failed_ = false;
  size_t position_ = 0;
  int id_ = 0;
  bool utf8_ = false;
  std::vector<std::unordered_set<std::string>> keys_;
  std::vector<std::string> duplicates_;
};

std::string line_col(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

std::string shown_key(const std::string& key) {
  return escape_controls(truncate_utf8(to_utf8(key), 64));
}

}  // namespace

Result<JsonLoaded> load_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return make_error(ErrorCode::kLimit, "JSON text is " + std::to_string(text.size()) +
                                             " bytes, over the limit of " +
                                             std::to_string(limits.max_bytes) + " bytes");
  }
  CheckingSax sax(limits.max_depth, /*track_keys=*/true);
  try {
    Json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const std::exception&) {
    // sax_parse reports through parse_error; anything thrown here is unexpected.
    return make_error(ErrorCode::kParse, "JSON could not be parsed");
  }
  if (sax.depth_exceeded()) {
    return make_error(ErrorCode::kLimit,
                      "JSON nesting deeper than " + std::to_string(limits.max_depth) + " levels");
  }
  if (sax.failed()) {
    // nlohmann's position counts the bytes read including the offending one.
    const size_t offset = sax.position() > 0 ? sax.position() - 1 : 0;
    const std::string where =
        "at byte " + std::to_string(offset) + " (line " + line_col(text, offset) + ")";
    if (sax.id() == 406) return make_error(ErrorCode::kParse, "JSON number out of range " + where);
    if (sax.utf8()) return make_error(ErrorCode::kParse, "invalid UTF-8 in JSON " + where);
    if (sax.position() >= text.size()) {
      return make_error(ErrorCode::kParse, "JSON ends unexpectedly " + where + " (truncated?)");
    }
    return make_error(ErrorCode::kParse, "JSON syntax error " + where);
  }
  JsonLoaded out;
  if (!sax.duplicates().empty()) {
    if (limits.reject_duplicate_keys) {
      return make_error(ErrorCode::kParse,
                        "duplicate member '" + shown_key(sax.duplicates().front()) + "'");
    }
    for (const auto& k : sax.duplicates()) {
      out.warnings.push_back("duplicate member '" + shown_key(k) + "' (the last one is used)");
    }
  }
  out.value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) {
    return make_error(ErrorCode::kParse, "JSON could not be parsed");
  }
  return out;
}

bool is_json_value(std::string_view text, size_t max_depth) {
  CheckingSax sax(max_depth, /*track_keys=*/false);
  try {
    return Json::sax_parse(text.begin(), text.end(), &sax) && !sax.failed() &&
           !sax.depth_exceeded();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace wid
