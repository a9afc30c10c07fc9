// Placeholder until the junit renderer lands (issue 4); replaced, never shipped as is.
#include "reports/renderer.h"

namespace wid {

Status render_junit(const Report&, const RenderOptions&, std::ostream&) {
  return make_error(ErrorCode::kInvalidArgument, "the junit renderer is not built yet");
}

}  // namespace wid
