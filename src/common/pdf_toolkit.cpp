#include "common/pdf_toolkit.hpp"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#ifndef JZ_FONT_DIR
#define JZ_FONT_DIR ""
#endif

namespace jz::pdf {
namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The build's reduced CJK face (scripts/subset-cjk-font.py, family "JZ Noto Sans SC"), added to fontconfig once,
// before the first layout of the process: JZ_FONT_DIR in the environment, else the build folder's fonts/. Missing,
// the family lists fall back to the full Noto face.
void register_fonts() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* env = std::getenv("JZ_FONT_DIR");
    const std::filesystem::path file = std::filesystem::path(env && *env ? env : JZ_FONT_DIR) / "JZNotoSansSC.ttf";
    std::error_code ec;
    if (std::filesystem::is_regular_file(file, ec))
      FcConfigAppFontAddFile(nullptr, reinterpret_cast<const FcChar8*>(file.c_str()));
  });
}

}  // namespace

Layout make_layout(cairo_t* cr, std::string_view text, const std::string& font, double width, PangoAlignment align,
                   double spacing) {
  Layout l(pango_cairo_create_layout(cr));
  PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
  pango_layout_set_font_description(l.get(), desc);
  pango_font_description_free(desc);
  pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l.get(), align);
  if (spacing > 0) pango_layout_set_spacing(l.get(), static_cast<int>(spacing * PANGO_SCALE));
  pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
  return l;
}

double height(PangoLayout* l) {
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void draw(cairo_t* cr, PangoLayout* l, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, l);
}

std::string render_pages(double width, double height, const std::string& title,
                         const std::function<void(cairo_t*)>& draw_pages) {
  register_fonts();
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, width, height);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> s_guard(surface, &cairo_surface_destroy);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "陇原家政");
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface), &cairo_destroy);
    draw_pages(cr.get());
  }
  cairo_surface_finish(surface);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("PDF rendering failed: ") +
                             cairo_status_to_string(cairo_surface_status(surface)));
  return out;
}

}  // namespace jz::pdf
