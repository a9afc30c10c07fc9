// Placeholder until the sarif renderer lands (issue 4); replaced, never shipped as is.
#include "reports/renderer.h"

namespace wid {

Status render_sarif(const Report&, const RenderOptions&, std::ostream&) {
  return make_error(ErrorCode::kInvalidArgument, "the sarif renderer is not built yet");
}

}  // namespace wid
