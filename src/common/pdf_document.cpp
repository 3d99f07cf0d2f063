#include "common/pdf_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "common/pdf_toolkit.hpp"

namespace jz::pdf {
namespace {

constexpr double kPageW = kA4Width, kPageH = kA4Height;
constexpr double kMargin = 48.0, kFooter = 28.0, kCellPad = 3.0;
constexpr double kTextW = kPageW - 2 * kMargin;
constexpr double kBottom = kPageH - kMargin - kFooter;

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
    out = render_pages(kPageW, kPageH, title, [&](cairo_t* cr) {
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
      pages = last;
    });
  }
  return out;
}

}  // namespace jz::pdf
