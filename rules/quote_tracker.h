// Markdown quoting across the records of one file, for the error-context judgement
// (docs/error-context.md). Pasted issues and runbooks put error texts in fenced code blocks and
// blockquotes, and the paragraph just before the block says how to read it: "I get the
// following error:" reports a failure, "you'll see an error with the following message:"
// describes one. The scanner asks classify() once per record, in file order.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace wid {

enum class Quoting {
  kProse,   // an ordinary record: part of the lead-in of a block that may follow
  kFence,   // a ``` or ~~~ line, opening or closing a fenced block
  kQuoted,  // inside a fenced block (or an indented fence with its block as continuation
            // lines), a blockquote line (> ...), a `code span` paragraph, a
            // paragraph after one that ends with a colon (and a blank line), or the one line
            // right after a line that ends with a colon
  kBlank,   // only whitespace: ends a paragraph (which stays the lead-in of a block right after)
};

class QuoteTracker {
 public:
  Quoting classify(std::string_view record);
  // The paragraph before the current block (its last kParagraphRecords records, joined with a
  // space); valid until the next classify().
  std::string_view lead_in() const { return lead_in_; }
  // The text of the last Markdown heading (outside fenced blocks), or empty.
  std::string_view section() const { return section_; }
  // Keeps the record classify() just called prose, for the lead-in of a block that may follow
  // (classify() has already looked at it). Takes the record's buffer
  // and leaves it an older one's, for the caller to clear: no copy per record, so a log file
  // pays nothing for this.
  void keep_prose(std::string& record);

  // A wrapped paragraph's lines are records of their own; the sentence that matters is at its end.
  static constexpr size_t kParagraphRecords = 3;

 private:
  std::string paragraph() const;
  const std::string& last_kept() const;

  bool in_fence_ = false;
  bool in_quote_ = false;  // the previous record was a blockquote line
  std::array<std::string, kParagraphRecords> ring_;
  size_t next_ = 0;             // where keep_prose puts the next record
  size_t in_para_ = 0;          // records of the last paragraph (capped at the ring's size)
  bool para_ended_ = false;     // a blank record followed it: the next prose starts a new one
  bool in_colon_para_ = false;  // in a paragraph quoted after one that ends with a colon
  bool link_line_ = false;      // the record classify() last saw is a link alone after a paragraph
  std::string lead_in_;
  std::string section_;
};

}  // namespace wid
