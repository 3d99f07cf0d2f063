#include "common/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>

namespace jz::pdf {
namespace {

constexpr double kPageW = 595.276, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 48.0, kFooter = 28.0, kCellPad = 3.0;
constexpr double kTextW = kPageW - 2 * kMargin;
constexpr double kBottom = kPageH - kMargin - kFooter;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

Layout make_layout(cairo_t* cr, const std::string& text, const char* font, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT) {
  Layout l(pango_cairo_create_layout(cr));
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(l.get(), desc);
  pango_font_description_free(desc);
  pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l.get(), align);
  pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
  return l;
}

double height(PangoLayout* l) {
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

// Places things on pages top-down; a new page starts when the next thing does not fit.
class Pager {
 public:
  explicit Pager(cairo_t* cr) : cr_(cr) {}
  // Room for `h` points on this page, or a new page. Returns the y to draw at.
  double take(double h, double gap) {
    double top = y_ == kMargin ? y_ : y_ + gap;
    if (top + h > kBottom && y_ > kMargin) {
      new_page();
      top = y_;
    }
    y_ = top + h;
    return top;
  }
  bool fits(double h) const { return y_ + h <= kBottom; }
  void new_page() {
    if (before_show) before_show(page_);  // the footer of the page that ends
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }
  int page() const { return page_; }
  std::function<void(int)> before_show;

 private:
  cairo_t* cr_;
  double y_ = kMargin;
  int page_ = 1;
};

void draw(cairo_t* cr, PangoLayout* l, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, l);
}

// One pass over the blocks; `footer(page)` is drawn on each page before it is shown.
int lay_out(cairo_t* cr, const std::string& title, const std::vector<Block>& blocks,
            const std::function<void(int)>& footer) {
  Pager pager(cr);
  pager.before_show = footer;
  cairo_set_source_rgb(cr, 0, 0, 0);
  auto t = make_layout(cr, title, "Noto Sans CJK SC Bold 16", kTextW);
  draw(cr, t.get(), kMargin, pager.take(height(t.get()), 0));
  for (const auto& b : blocks) {
    if (b.kind == Block::Kind::heading) {
      auto l = make_layout(cr, b.text, "Noto Sans CJK SC Bold 12", kTextW);
      double h = height(l.get());
      // Keep a heading with at least a line of what follows.
      double top = pager.take(h + 18, 12);
      draw(cr, l.get(), kMargin, top);
      continue;
    }
    if (b.kind == Block::Kind::paragraph) {
      auto l = make_layout(cr, b.text, "Noto Sans CJK SC 9.5", kTextW);
      draw(cr, l.get(), kMargin, pager.take(height(l.get()), 4));
      continue;
    }
    const size_t n = b.header.size();
    std::vector<double> widths = b.widths;
    if (widths.size() != n) widths.assign(n, 1.0 / static_cast<double>(n));
    auto row_layouts = [&](const std::vector<std::string>& cells, bool bold) {
      std::vector<Layout> ls;
      for (size_t c = 0; c < n; ++c) {
        bool right = c < b.numeric.size() && b.numeric[c];
        ls.push_back(make_layout(cr, c < cells.size() ? cells[c] : "", bold ? "Noto Sans CJK SC Bold 8.5" : "Noto Sans CJK SC 8.5",
                                 widths[c] * kTextW - 2 * kCellPad, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
      }
      return ls;
    };
    auto draw_row = [&](std::vector<Layout>& ls, double top, double h, bool shade) {
      if (shade) {
        cairo_set_source_rgb(cr, 0.93, 0.94, 0.96);
        cairo_rectangle(cr, kMargin, top, kTextW, h);
        cairo_fill(cr);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      double x = kMargin;
      for (size_t c = 0; c < n; ++c) {
        draw(cr, ls[c].get(), x + kCellPad, top + kCellPad);
        x += widths[c] * kTextW;
      }
      cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
      cairo_set_line_width(cr, 0.4);
      cairo_move_to(cr, kMargin, top + h);
      cairo_line_to(cr, kMargin + kTextW, top + h);
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
    };
    auto header = row_layouts(b.header, true);
    double hh = 0;
    for (auto& l : header) hh = std::max(hh, height(l.get()));
    hh += 2 * kCellPad;
    draw_row(header, pager.take(hh, 6), hh, true);
    for (const auto& r : b.rows) {
      auto ls = row_layouts(r, false);
      double h = 0;
      for (auto& l : ls) h = std::max(h, height(l.get()));
      h += 2 * kCellPad;
      if (!pager.fits(h)) {  // a new page, with the header again at its top
        pager.new_page();
        auto again = row_layouts(b.header, true);
        draw_row(again, pager.take(hh, 0), hh, true);
      }
      draw_row(ls, pager.take(h, 0), h, false);
    }
  }
  return pager.page();
}

}  // namespace

std::string render_document(const std::string& title, const std::vector<Block>& blocks, const std::string& footer) {
  // Two passes: the first counts the pages (printed on each), the second draws them with their numbers.
  int pages = 0;
  std::string out;
  for (int pass = 0; pass < 2; ++pass) {
    std::string buffer;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &buffer, kPageW, kPageH);
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> s_guard(surface, &cairo_surface_destroy);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "陇原家政");
    cairo_t* cr = cairo_create(surface);
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_guard(cr, &cairo_destroy);
    auto draw_footer = [&](int p) {
      cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
      auto left = make_layout(cr, footer, "Noto Sans CJK SC 7", kTextW - 90);
      draw(cr, left.get(), kMargin, kPageH - kMargin - kFooter + 12);
      auto num = make_layout(cr, fmt::format("第 {} 页 共 {} 页", p, std::max(pages, 1)), "Noto Sans CJK SC 7", 90,
                             PANGO_ALIGN_RIGHT);
      draw(cr, num.get(), kPageW - kMargin - 90, kPageH - kMargin - kFooter + 12);
      cairo_set_source_rgb(cr, 0, 0, 0);
    };
    // The footer of a page is drawn when the next one starts, and of the last page at the end.
    int last = lay_out(cr, title, blocks, draw_footer);
    draw_footer(last);
    cairo_show_page(cr);
    cr_guard.reset();
    cairo_surface_finish(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("PDF rendering failed: ") + cairo_status_to_string(cairo_surface_status(surface)));
    pages = last;
    out = std::move(buffer);
  }
  return out;
}

}  // namespace jz::pdf
