// Text as the sniffers, parsers and log scanner read it: UTF-8 without a byte-order mark, every
// line ending in LF. Users save text the way their platform does: Windows PowerShell 5.1's `>`
// writes UTF-16LE with a BOM, Notepad writes UTF-8 with a BOM, Windows tools end lines with CRLF
// and old Mac tools (and progress output) with a bare CR. A TextSource wraps the bytes as stored
// (or as inflated) and streams them as UTF-8: UTF-16 is transcoded block by block (a surrogate pair
// or a code unit split across blocks survives; an unpaired surrogate or an odd last byte becomes
// U+FFFD), and a CR not followed by LF becomes LF (CRLF is kept: the scanner drops the CR).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "analyzer/model/chunk_reader.h"

namespace wid {

enum class TextEncoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16Be };

// From the byte-order mark at the start of the bytes; no BOM is UTF-8.
TextEncoding detect_encoding(std::string_view head);

// "UTF-16LE with BOM", ...; empty for plain UTF-8.
std::string encoding_note(TextEncoding e);

// True when the bytes hold a CR that is not followed by LF (the last byte excepted: what follows
// it is not known).
bool has_bare_cr(std::string_view bytes);

// Replaces each bare CR by LF in place (length-preserving). `final`: the bytes end the stream, so a
// trailing CR is bare too.
void normalize_bare_cr(char* data, size_t size, bool final);

class TextSource : public ChunkSource {
 public:
  TextSource(std::shared_ptr<const ChunkSource> inner, TextEncoding encoding)
      : inner_(std::move(inner)), encoding_(encoding) {}

  Result<std::unique_ptr<ChunkReader>> open() const override;
  // Offsets count UTF-8 bytes after the BOM; only UTF-8 sources are seekable (UTF-16 text has no
  // byte offset that maps to a UTF-8 one without reading all before it).
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override;
  bool seekable() const override;
  uint64_t size() const override;

 private:
  size_t bom_size() const;
  std::shared_ptr<const ChunkSource> inner_;
  TextEncoding encoding_;
};

}  // namespace wid
