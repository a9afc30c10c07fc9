#include "rules/checks/compare.h"

#include <algorithm>

namespace wid {

std::string sa_subject(std::string_view ns, std::string_view name) {
  return "system:serviceaccount:" + std::string(ns) + ":" + std::string(name);
}

std::string locator_of(const SourceRef& r) {
  if (r.line > 0) return "line " + std::to_string(r.line);
  return r.pointer;
}

EvidenceItem evidence_at(const SourceRef& r, std::string observed, std::string expected,
                         Difference difference) {
  return EvidenceItem{r.path, locator_of(r), std::move(observed), std::move(expected), difference};
}

namespace {

// The reads the running check declared, or, when a test calls a check function directly, the
// reads any check declared.
bool read_declared(const CheckContext& ctx, std::string_view rule_id, std::string_view name) {
  if (ctx.check) return ctx.check->declares_read(rule_id, name);
  const auto& table = check_table();
  return std::any_of(table.begin(), table.end(),
                     [&](const CheckDef& d) { return d.declares_read(rule_id, name); });
}

[[noreturn]] void undeclared_read(const CheckContext& ctx, std::string_view rule_id,
                                  std::string_view name) {
  throw CheckContractError("check " + std::string(ctx.check ? ctx.check->name : "(direct call)") +
                           " reads capture '" + std::string(name) + "' of " + std::string(rule_id) +
                           " but does not declare it in its CheckDef reads");
}

}  // namespace

std::vector<Captured> captured(const CheckContext& ctx, std::string_view name,
                               const std::vector<std::string_view>& rule_ids) {
  // A read names at least one declared (rule, capture): a capture renamed in the code fails here
  // even when no symptom carries it.
  if (rule_ids.empty() && !read_declared(ctx, kAnyRule, name)) undeclared_read(ctx, kAnyRule, name);
  if (!rule_ids.empty() && std::none_of(rule_ids.begin(), rule_ids.end(), [&](std::string_view id) {
        return read_declared(ctx, id, name);
      }))
    undeclared_read(ctx, rule_ids.front(), name);
  std::vector<Captured> out;
  for (const Finding& f : ctx.symptoms) {
    if (!rule_ids.empty() &&
        std::find(rule_ids.begin(), rule_ids.end(), f.rule_id) == rule_ids.end())
      continue;
    auto it = f.captures.find(std::string(name));
    if (it == f.captures.end()) continue;
    if (!read_declared(ctx, f.rule_id, name)) undeclared_read(ctx, f.rule_id, name);
    for (const std::string& v : it->second) {
      bool seen =
          std::any_of(out.begin(), out.end(), [&](const Captured& c) { return c.value == v; });
      if (!seen) out.push_back(Captured{v, &f});
    }
  }
  return out;
}

namespace {

void add_unique(std::vector<Sourced>& out, Sourced s) {
  for (auto& o : out)
    if (o.value == s.value) return;
  out.push_back(std::move(s));
}

const std::vector<std::string_view> kAssertionEchoes = {
    "AADSTS70021",  "AADSTS700211",  "AADSTS700212",
    "AADSTS700213", "AADSTS7002138", "ISSUER_DEFAULT_NOT_PUBLIC"};

}  // namespace

std::vector<Sourced> presented_issuers(const CheckContext& ctx) {
  std::vector<Sourced> out;
  for (auto& c : captured(ctx, "issuer", kAssertionEchoes))
    add_unique(out, {c.value, c.finding->first.value_or(SourceRef{}),
                     c.finding->rule_id + " assertion issuer"});
  for (auto& t : ctx.store.tokens)
    if (t.claims.is_object() && t.claims.contains("iss") && t.claims["iss"].is_string())
      add_unique(out, {t.claims["iss"].get<std::string>(), t.source, "token iss"});
  if (out.empty())
    for (auto& a : ctx.store.apiservers)
      if (!a.issuers.empty()) add_unique(out, {a.issuers[0], a.source, "--service-account-issuer"});
  return out;
}

std::vector<Sourced> presented_subjects(const CheckContext& ctx) {
  std::vector<Sourced> out;
  for (auto& c : captured(ctx, "subject", kAssertionEchoes))
    add_unique(out, {c.value, c.finding->first.value_or(SourceRef{}),
                     c.finding->rule_id + " assertion subject"});
  for (auto& t : ctx.store.tokens)
    if (t.claims.is_object() && t.claims.contains("sub") && t.claims["sub"].is_string())
      add_unique(out, {t.claims["sub"].get<std::string>(), t.source, "token sub"});
  return out;
}

}  // namespace wid
