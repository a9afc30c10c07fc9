#include "rules/quote_tracker.h"

namespace wid {
namespace {

// `…` alone on its line (a record whose first line opens with one backtick and whose text ends
// with one): how docs and issues quote a one-line error between paragraphs.
bool inline_code_paragraph(std::string_view line) {
  size_t end = line.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos || end < 2) return false;
  return line.front() == '`' && line[1] != '`' && line[end] == '`' && line[end - 1] != '`';
}

// "## Title": the heading's text, or empty when the line is no ATX heading.
std::string_view heading_text(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && i < 6 && line[i] == '#') ++i;
  if (i == 0 || i >= line.size() || (line[i] != ' ' && line[i] != '\t')) return {};
  std::string_view t = line.substr(i);
  t.remove_prefix(std::min(t.find_first_not_of(" \t"), t.size()));
  return t.substr(0, std::min<size_t>(t.find('\n'), 200));
}

bool ends_with_colon(std::string_view record) {
  size_t end = record.find_last_not_of(" \t\r\n");
  return end != std::string_view::npos && record[end] == ':';
}

// A line that is only a link ("https://learn.microsoft.com/…", "<https://…>", "[guide](…)"): the
// source of the quote below it, not the sentence that introduces it.
// Takes the line without its leading blanks. Every line of a log comes here: the first bytes
// decide for nearly all of them.
bool link_only(std::string_view t) {
  if (t.empty()) return false;
  const bool bracket = t.front() == '[';
  if (!bracket && !t.starts_with("http://") && !t.starts_with("https://") &&
      !t.starts_with("<http"))
    return false;
  while (!t.empty() &&
         (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n'))
    t.remove_suffix(1);
  for (const char c : t)
    if (c == ' ' || c == '\t' || c == '\n') return false;
  return !bracket || (t.ends_with(")") && t.find("](") != std::string_view::npos);
}

}  // namespace

Quoting QuoteTracker::classify(std::string_view record) {
  // Only the first characters are read: this runs for every record of every log file.
  const size_t start = record.find_first_not_of(" \t");
  const std::string_view line =
      start == std::string_view::npos ? std::string_view() : record.substr(start);
  if (line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~") {
    in_colon_para_ = false;
    in_fence_ = !in_fence_;
    in_quote_ = false;
    if (in_fence_) lead_in_ = paragraph();
    in_para_ = 0;
    para_ended_ = false;
    // A fence indented under a list item carries its indented block as continuation lines: the
    // record is the quoted block itself.
    if (in_fence_ && line.find('\n') != std::string_view::npos) return Quoting::kQuoted;
    return Quoting::kFence;
  }
  if (in_fence_) return Quoting::kQuoted;
  if (!line.empty() && line.front() == '>') {
    in_colon_para_ = false;
    // Every line of a blockquote run keeps the paragraph before the run as its lead-in.
    if (!in_quote_) lead_in_ = paragraph();
    in_quote_ = true;
    in_para_ = 0;
    para_ended_ = false;
    return Quoting::kQuoted;
  }
  in_quote_ = false;
  if (const std::string_view h = heading_text(line); !h.empty()) section_.assign(h);
  if (inline_code_paragraph(line)) {
    // A paragraph that is one inline code span quotes an error the way a fenced block does.
    lead_in_ = paragraph();
    in_para_ = 0;
    para_ended_ = false;
    return Quoting::kQuoted;
  }
  if (record.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    // The paragraph ends here but stays the lead-in of a block right after the blank line.
    in_colon_para_ = false;
    para_ended_ = true;
    return Quoting::kBlank;
  }
  // The rest of a paragraph quoted after a colon: a pretty-printed JSON answer, a wrapped error.
  if (in_colon_para_) return Quoting::kQuoted;
  // The source of a quote, alone on its line between the lead-in and the quote: the lead-in's.
  link_line_ = in_para_ > 0 && link_only(line);
  if (link_line_) return Quoting::kProse;
  if (in_para_ > 0 && ends_with_colon(last_kept())) {
    // "you may encounter the error:", a blank line, then the error as a paragraph of its own
    // (docs quote an error that way without a fence): the whole paragraph is quoted. Without the
    // blank line ("You will see AADSTS700016 like this:" and the sample), the one line is.
    lead_in_ = paragraph();
    in_para_ = 0;
    in_colon_para_ = para_ended_;
    para_ended_ = false;
    return Quoting::kQuoted;
  }
  return Quoting::kProse;
}

const std::string& QuoteTracker::last_kept() const {
  return ring_[(next_ + kParagraphRecords - 1) % kParagraphRecords];
}

void QuoteTracker::keep_prose(std::string& record) {
  // A link alone between paragraphs joins the one before it, which stays the lead-in.
  if (para_ended_ && !link_line_) in_para_ = 0;
  para_ended_ = false;
  ring_[next_].swap(record);
  next_ = (next_ + 1) % kParagraphRecords;
  if (in_para_ < kParagraphRecords) ++in_para_;
}

std::string QuoteTracker::paragraph() const {
  std::string out;
  for (size_t k = in_para_; k > 0; --k) {
    const std::string& r = ring_[(next_ + kParagraphRecords - k) % kParagraphRecords];
    if (!out.empty()) out += ' ';
    out += r;
  }
  return out;
}

}  // namespace wid
