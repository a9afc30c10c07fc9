#include "collectors/parse/yaml_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/model/text.h"

namespace wid {
namespace {

// An istream over caller-owned bytes, so a 4 MiB file is not copied into a stringstream.
class MemoryBuf : public std::streambuf {
 public:
  explicit MemoryBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());  // never written: the streambuf is read-only
    setg(p, p, p + s.size());
  }
};

// Thrown by the handler to stop yaml-cpp at once; caught in load_yaml. It carries no input bytes.
struct Stop {
  ErrorCode code;
  std::string message;
};

std::string at(const YAML::Mark& m) {
  if (m.is_null()) return "?:?";
  return std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

// A short, printable form of a key for messages (keys are names, not secrets, but stay bounded).
std::string shown_key(const std::string& key) {
  return escape_controls(truncate_utf8(to_utf8(key), 64));
}

class Builder : public YAML::EventHandler {
 public:
  Builder(const YamlLimits& limits, YamlStream& out) : limits_(limits), out_(out) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 returns "one more document" forever on input like ",": each one starts at
    // the same place. A document that starts where the previous one did is no progress.
    if (have_last_start_ && mark.pos == last_start_pos_) {
      throw Stop{ErrorCode::kParse, "no parsable YAML document at " + at(mark)};
    }
    have_last_start_ = true;
    last_start_pos_ = mark.pos;
    if (out_.documents.size() >= limits_.max_documents) {
      throw Stop{ErrorCode::kLimit, "more than " + std::to_string(limits_.max_documents) +
                                        " YAML documents (stopped at " + at(mark) + ")"};
    }
    doc_ = StructuredDocument{};
    doc_.line = static_cast<uint64_t>(mark.line) + 1;
    have_root_ = false;
    nodes_ = 0;
    stack_.clear();
    anchors_.clear();
    open_anchors_.clear();
  }

  void OnDocumentEnd() override {
    if (!have_root_) doc_.value = nullptr;
    out_.documents.push_back(std::move(doc_));
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count_node(mark, 1);
    nlohmann::json v = nullptr;
    remember(anchor, v, 1);
    attach(std::move(v), mark, /*is_null=*/true);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (open_anchors_.count(anchor) != 0) {
      throw Stop{ErrorCode::kParse, "YAML alias cycle at " + at(mark)};
    }
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw Stop{ErrorCode::kParse, "YAML alias to an unknown anchor at " + at(mark)};
    }
    expanded_ += it->second.nodes;
    if (expanded_ > limits_.max_alias_expansion) {
      throw Stop{ErrorCode::kLimit, "YAML alias expansion limit (" +
                                        std::to_string(limits_.max_alias_expansion) +
                                        " nodes) exceeded at " + at(mark)};
    }
    count_node(mark, it->second.nodes);
    attach(nlohmann::json(it->second.value), mark, false);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                const std::string& value) override {
    count_node(mark, 1);
    // Tags (!!binary, !!python/object, !custom) are ignored: every scalar is its text.
    nlohmann::json v;
    if (is_valid_utf8(value)) {
      v = value;
    } else {
      warn_once_utf8(mark);
      v = to_utf8(value);
    }
    remember(anchor, v, 1);
    attach(std::move(v), mark, false);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(mark, anchor, nlohmann::json::array());
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(mark, anchor, nlohmann::json::object());
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    nlohmann::json value;
    std::string pointer;
    YAML::Mark mark;
    YAML::anchor_t anchor = 0;
    size_t nodes_at_start = 0;
    bool has_key = false;
    std::string key;
    uint64_t key_line = 0;
  };
  // NOLINTNEXTLINE(bugprone-exception-escape): json moves without throwing; never copied.
  struct Anchored {
    nlohmann::json value;
    size_t nodes = 0;
  };

  void count_node(const YAML::Mark& mark, size_t n) {
    nodes_ += n;
    if (nodes_ > limits_.max_nodes) {
      throw Stop{ErrorCode::kLimit, "YAML document has more than " +
                                        std::to_string(limits_.max_nodes) + " nodes (at " +
                                        at(mark) + ")"};
    }
  }

  void remember(YAML::anchor_t anchor, const nlohmann::json& v, size_t nodes) {
    if (anchor != 0) anchors_[anchor] = Anchored{v, nodes};
  }

  void warn_once_utf8(const YAML::Mark& mark) {
    if (warned_utf8_) return;
    warned_utf8_ = true;
    out_.warnings.push_back("invalid UTF-8 at line " + std::to_string(mark.line + 1) +
                            " (shown as U+FFFD)");
  }

  // The pointer a value will have once attached to the current top of the stack.
  std::string child_pointer(const YAML::Mark& mark) const {
    if (stack_.empty()) return "";
    const Frame& p = stack_.back();
    if (p.value.is_array()) return p.pointer + "/" + std::to_string(p.value.size());
    if (!p.has_key) {
      throw Stop{ErrorCode::kParse,
                 "complex YAML mapping key (a map or list used as a key) at " + at(mark)};
    }
    return p.pointer + "/" + json_pointer_escape(p.key);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, nlohmann::json empty) {
    if (stack_.size() + 1 > limits_.max_depth) {
      throw Stop{ErrorCode::kLimit, "YAML nesting deeper than " +
                                        std::to_string(limits_.max_depth) + " at " + at(mark)};
    }
    count_node(mark, 1);
    Frame f;
    f.pointer = child_pointer(mark);
    f.value = std::move(empty);
    f.mark = mark;
    f.anchor = anchor;
    f.nodes_at_start = nodes_;
    if (anchor != 0) open_anchors_.insert(anchor);
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.value.is_object() && f.has_key) {
      // A key without a value cannot happen with a well-formed event stream; keep it as null.
      f.value[f.key] = nullptr;
    }
    if (f.anchor != 0) {
      open_anchors_.erase(f.anchor);
      remember(f.anchor, f.value, nodes_ - f.nodes_at_start + 1);
    }
    attach(std::move(f.value), f.mark, false);
  }

  void attach(nlohmann::json v, const YAML::Mark& mark, bool is_null) {
    const uint64_t line = static_cast<uint64_t>(mark.line) + 1;
    if (stack_.empty()) {
      doc_.value = std::move(v);
      have_root_ = true;
      doc_.lines[""] = line;
      return;
    }
    Frame& p = stack_.back();
    if (p.value.is_array()) {
      doc_.lines[p.pointer + "/" + std::to_string(p.value.size())] = line;
      p.value.push_back(std::move(v));
      return;
    }
    if (!p.has_key) {
      if (v.is_string()) {
        p.key = v.get<std::string>();
      } else if (is_null) {
        p.key = "null";  // what sigs.k8s.io/yaml makes of a null key
      } else {
        throw Stop{ErrorCode::kParse,
                   "complex YAML mapping key (a map or list used as a key) at " + at(mark)};
      }
      if (p.key == "<<") {
        out_.warnings.push_back("YAML merge key '<<' at line " + std::to_string(line) +
                                " is not expanded by this tool");
      }
      p.has_key = true;
      p.key_line = line;
      return;
    }
    const std::string ptr = p.pointer + "/" + json_pointer_escape(p.key);
    if (p.value.contains(p.key)) {
      // Kept like Kubernetes' YAML-to-JSON conversion (the last one wins), but never silently.
      out_.warnings.push_back("duplicate key '" + shown_key(p.key) + "' at lines " +
                              std::to_string(doc_.line_of(ptr)) + " and " +
                              std::to_string(p.key_line) + " (the last one is used)");
    }
    doc_.lines[ptr] = p.key_line;
    p.value[p.key] = std::move(v);
    p.has_key = false;
  }

  const YamlLimits& limits_;
  YamlStream& out_;
  StructuredDocument doc_;
  bool have_root_ = false;
  bool have_last_start_ = false;
  int last_start_pos_ = 0;
  size_t nodes_ = 0;
  size_t expanded_ = 0;
  bool warned_utf8_ = false;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::unordered_set<YAML::anchor_t> open_anchors_;
};

// The line at a 0-based index, for the tab hint.
std::string_view line_at(std::string_view text, int line) {
  size_t pos = 0;
  for (int i = 0; i < line && pos != std::string_view::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos || pos > text.size()) return {};
  size_t end = text.find('\n', pos);
  return text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
}

bool indented_with_tab(std::string_view line) {
  for (char c : line) {
    if (c == '\t') return true;
    if (c != ' ') return false;
  }
  return false;
}

}  // namespace

Result<YamlStream> load_yaml(std::string_view text, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return make_error(ErrorCode::kLimit, "YAML text is " + std::to_string(text.size()) +
                                             " bytes, over the limit of " +
                                             std::to_string(limits.max_bytes) + " bytes");
  }
  YamlStream out;
  MemoryBuf buf(text);
  std::istream in(&buf);
  try {
    YAML::Parser parser(in);
    Builder builder(limits, out);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const Stop& s) {
    return make_error(s.code, s.message);
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's own wording (at most an anchor name or one escape character from the
    // input); it is made printable and bounded. what() is not used: it repeats the mark.
    std::string msg = "YAML syntax error at " + at(e.mark) + ": " +
                      escape_controls(truncate_utf8(to_utf8(e.msg), 200));
    if (!e.mark.is_null() && indented_with_tab(line_at(text, e.mark.line))) {
      msg += " (tabs are not allowed in YAML indentation)";
    }
    return make_error(ErrorCode::kParse, msg);
  } catch (const std::exception&) {
    return make_error(ErrorCode::kInternal, "YAML parser failed unexpectedly");
  }
  return out;
}

}  // namespace wid
