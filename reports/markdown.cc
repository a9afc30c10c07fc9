// Placeholder until the markdown renderer lands (issue 4); replaced, never shipped as is.
#include "reports/renderer.h"

namespace wid {

Status render_markdown(const Report&, const RenderOptions&, std::ostream&) {
  return make_error(ErrorCode::kInvalidArgument, "the markdown renderer is not built yet");
}

}  // namespace wid
