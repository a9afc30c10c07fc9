#include "rules/catalog_blob.h"

#include <cstdint>
#include <type_traits>

namespace wid {
namespace {

constexpr std::string_view kMagic = "wi-doctor catalog\n";

// Every field of a Rule, in one order for the writer and the reader. A field added to Rule must
// be added here; BuiltinCatalog.PreparsedEqualsTheYaml fails until it is.
template <typename V, typename R>
void visit_rule(V& v, R& r) {
  v(r.id);
  v(r.aliases);
  v(r.group);
  v(r.title);
  v(r.severity);
  v(r.kind);
  v(r.hop);
  v(r.confidence);
  v(r.patterns);
  v(r.components);
  v(r.unless);
  v(r.context);
  v(r.subject);
  v(r.derive);
  v(r.explain);
  v(r.detail);
  v(r.causes);
  v(r.wraps);
  v(r.wrapped);
  v(r.needs);
  v(r.fix_summary);
  v(r.fix_commands);
  v(r.docs);
  v(r.examples);
  v(r.counterexamples);
  v(r.source.path);
  v(r.source.line);
  v(r.source.pointer);
  v(r.builtin);
}

template <typename V, typename D>
void visit_derivation(V& v, D& d) {
  v(d.id);
  v(d.proves);
  v(d.when.capture);
  v(d.when.matches);
  v(d.when.greater);
  v(d.when.than);
}

class Writer {
 public:
  void number(uint64_t n) {
    while (n >= 0x80) {
      out_ += static_cast<char>((n & 0x7F) | 0x80);
      n >>= 7;
    }
    out_ += static_cast<char>(n);
  }
  void operator()(const std::string& s) {
    number(s.size());
    out_ += s;
  }
  void operator()(bool b) { number(b ? 1 : 0); }
  void operator()(uint64_t n) { number(n); }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E e) { number(static_cast<uint64_t>(e)); }
  void operator()(const Derivation& d) { visit_derivation(*this, d); }
  template <typename T>
  void operator()(const std::vector<T>& items) {
    number(items.size());
    for (const auto& item : items) (*this)(item);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }

  uint64_t number() {
    uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return fail();
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      n |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return n;
    }
    return fail();
  }
  void operator()(std::string& s) {
    const uint64_t size = number();
    if (size > in_.size() - pos_) {
      fail();
      return;
    }
    s.assign(in_.substr(pos_, size));
    pos_ += size;
  }
  void operator()(bool& b) { b = number() != 0; }
  void operator()(uint64_t& n) { n = number(); }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E& e) { e = static_cast<E>(number()); }
  void operator()(Derivation& d) { visit_derivation(*this, d); }
  template <typename T>
  void operator()(std::vector<T>& items) {
    const uint64_t count = number();
    // Each item takes at least one byte: a count past what is left is corruption, not a size to
    // reserve.
    if (count > in_.size() - pos_) {
      fail();
      return;
    }
    items.resize(count);
    for (auto& item : items) {
      if (!ok_) return;
      (*this)(item);
    }
  }

 private:
  uint64_t fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string write_catalog_blob(const Catalog& catalog) {
  Writer w;
  w.out() += kMagic;
  w.number(catalog.rules().size());
  for (const Rule& r : catalog.rules()) visit_rule(w, r);
  return std::move(w.out());
}

Result<Catalog> read_catalog_blob(std::string_view blob) {
  if (blob.substr(0, kMagic.size()) != kMagic)
    return make_error(ErrorCode::kParse, "built-in catalog: not a catalog blob");
  Reader r(blob.substr(kMagic.size()));
  const uint64_t count = r.number();
  Catalog catalog;
  for (uint64_t i = 0; i < count && r.ok(); ++i) {
    Rule rule;
    visit_rule(r, rule);
    if (r.ok()) catalog.add(std::move(rule));
  }
  if (!r.ok() || !r.at_end())
    return make_error(ErrorCode::kParse, "built-in catalog: the blob is cut short or corrupt");
  catalog.index();
  return catalog;
}

}  // namespace wid
