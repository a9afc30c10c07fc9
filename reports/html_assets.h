// The html report's one inline style block and one inline script, kept apart from the markup
// writer so each reads as what it is. The page's CSP pins both by SHA-256 of these exact bytes
// (computed when the page is written), so editing either here can never leave a stale hash.
#pragma once

#include <string_view>

namespace wid::html_assets {

// Contents of the page's <style> element.
std::string_view style();
// Contents of the page's executable <script> element. It only adds filtering, search and copy
// buttons on top of a page that is complete without it.
std::string_view script();

}  // namespace wid::html_assets
