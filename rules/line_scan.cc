#include "rules/line_scan.h"

#include <cstdint>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>
#define WID_LINE_SCAN_SSE2 1
#endif

namespace wid {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// The bytes from i on, one at a time: a tail shorter than a vector, or a CPU without SSE2.
size_t scan_tail(std::string_view text, size_t i, bool& esc, bool& high, size_t& first_cr) {
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') return i;
    esc = esc || c == '\\' || c == '&';
    high = high || c >= 0x80;
    if (c == '\r' && first_cr == kNone) first_cr = i;
  }
  return text.size();
}

}  // namespace

size_t scan_line(std::string_view text, TextTraits& traits) {
  bool esc = false, high = false;
  size_t first_cr = kNone, end = text.size(), i = 0;
#ifdef WID_LINE_SCAN_SSE2
  // Sixteen bytes at a time; each compare gives a bit per byte, so the line end and the bytes
  // before it are told apart without going back over them.
  const __m128i lf = _mm_set1_epi8('\n'), backslash = _mm_set1_epi8('\\'), amp = _mm_set1_epi8('&'),
                cr = _mm_set1_epi8('\r');
  unsigned esc_bits = 0, high_bits = 0;
  bool found = false;
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const unsigned nl_bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)));
    unsigned e = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(v, amp))));
    unsigned c = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)));
    unsigned h = static_cast<unsigned>(_mm_movemask_epi8(v));
    if (nl_bits != 0) {
      const unsigned at = static_cast<unsigned>(__builtin_ctz(nl_bits));
      const unsigned before = (1u << at) - 1;  // at < 16: no shift past the width
      e &= before;
      c &= before;
      h &= before;
      end = i + at;
      found = true;
    }
    esc_bits |= e;
    high_bits |= h;
    if (c != 0 && first_cr == kNone) first_cr = i + static_cast<size_t>(__builtin_ctz(c));
    if (found) break;
  }
  esc = esc_bits != 0;
  high = high_bits != 0;
  if (!found) end = scan_tail(text, i, esc, high, first_cr);
#else
  end = scan_tail(text, i, esc, high, first_cr);
#endif
  // A '\r' counts unless it is the line's last byte, which the scanner drops (CRLF).
  traits.escaped = esc || (first_cr != kNone && first_cr + 1 < end);
  traits.ascii = !high;
  return end;
}

}  // namespace wid
