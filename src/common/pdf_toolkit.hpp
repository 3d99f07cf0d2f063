#pragma once
// The Cairo + Pango set-up every PDF of the platform shares (reports: common/pdf_document.hpp; contracts and the
// service card: services/pdf.cpp): paragraphs laid out in a font, measured and shown, and a PDF surface whose pages
// a caller draws. Includes Cairo and Pango, so only the few sources that draw include it (CMakeLists.txt gives
// them the flags). Thread-safe: each call has its own surface and layouts.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace jz::pdf {

constexpr double kA4Width = 595.276, kA4Height = 841.89;  // points

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

// A paragraph of `text` in `font` (a Pango description, "Noto Sans CJK SC 9.5") wrapped to `width` points,
// `spacing` points between its lines.
Layout make_layout(cairo_t* cr, std::string_view text, const std::string& font, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT, double spacing = 0);
// Its height in points.
double height(PangoLayout* l);
// Shows it with its top left corner at (x, y) in the current colour.
void draw(cairo_t* cr, PangoLayout* l, double x, double y);

// A PDF of `width` × `height` point pages (title and creator in its metadata) drawn by `draw_pages`, which shows
// every page itself (cairo_show_page). The first call also adds the build's reduced CJK face "JZ Noto Sans SC"
// (JZ_FONT_DIR, CMakeLists.txt) to fontconfig. The bytes; throws std::runtime_error when Cairo fails.
std::string render_pages(double width, double height, const std::string& title,
                         const std::function<void(cairo_t*)>& draw_pages);

}  // namespace jz::pdf
