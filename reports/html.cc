// Placeholder until the html renderer lands (issue 4); replaced, never shipped as is.
#include "reports/renderer.h"

namespace wid {

Status render_html(const Report&, const RenderOptions&, std::ostream&) {
  return make_error(ErrorCode::kInvalidArgument, "the html renderer is not built yet");
}

}  // namespace wid
