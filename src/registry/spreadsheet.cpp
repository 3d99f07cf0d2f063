#include "registry/spreadsheet.hpp"

#include <expat.h>
#include <iconv.h>
#include <unzip.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include "common/text.hpp"

namespace jz::registry {
namespace {

Error unreadable(std::string detail) { return make_error("unreadable_file", "file", std::move(detail)); }

// ---- iconv, one converter per call (an iconv_t is not thread-safe; opening one is cheap).
Result<std::string> convert(std::string_view in, const char* to, const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return unreadable(std::string("no converter for ") + from);
  struct Closer {
    iconv_t cd;
    ~Closer() { iconv_close(cd); }
  } closer{cd};
  std::string out;
  out.resize(in.size() * 3 / 2 + 16);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  size_t used = 0;
  while (src_left > 0) {
    char* dst = out.data() + used;
    size_t dst_left = out.size() - used;
    size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (rc != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ, or EINVAL for a sequence cut off at the end: the bytes are not text in `from`.
    return unreadable(std::string("not ") + from + " text (byte " + std::to_string(in.size() - src_left) + ")");
  }
  out.resize(used);
  return out;
}

// ---- XLSX: a ZIP archive of XML parts, read from memory with minizip's I/O callbacks.
struct MemoryFile {
  std::string_view bytes;
  uint64_t pos = 0;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) {
  static_cast<MemoryFile*>(opaque)->pos = 0;
  return opaque;
}
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemoryFile*>(stream);
  uint64_t n = std::min<uint64_t>(size, f->bytes.size() - f->pos);
  std::memcpy(buf, f->bytes.data() + f->pos, n);
  f->pos += n;
  return static_cast<uLong>(n);
}
uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }
long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemoryFile*>(stream);
  uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos : f->bytes.size();
  if (base + offset > f->bytes.size()) return -1;
  f->pos = base + offset;
  return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf) { return 0; }

Error too_large(std::string detail) { return make_error("sheet_too_large", "file", std::move(detail)); }
Error suspicious(std::string detail) { return make_error("sheet_suspicious", "file", std::move(detail)); }

class ZipReader {
 public:
  ZipReader(std::string_view bytes, const XlsxLimits& limits) : file_{bytes}, limits_(limits) {
    zlib_filefunc64_def def{};
    def.zopen64_file = mem_open;
    def.zread_file = mem_read;
    def.zwrite_file = mem_write;
    def.ztell64_file = mem_tell;
    def.zseek64_file = mem_seek;
    def.zclose_file = mem_close;
    def.zerror_file = mem_error;
    def.opaque = &file_;
    zip_ = unzOpen2_64("memory", &def);
  }
  ~ZipReader() {
    if (zip_) unzClose(zip_);
  }
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;
  bool ok() const { return zip_ != nullptr; }

  // The ZIP directory's own account of every entry, checked before anything is inflated: the declared sizes
  // together, and each entry's ratio. read() checks the bytes actually inflated against the same bounds.
  Result<void> check_directory() {
    uint64_t declared = 0;
    for (int rc = unzGoToFirstFile(zip_); rc == UNZ_OK; rc = unzGoToNextFile(zip_)) {
      unz_file_info64 info{};
      if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
        return unreadable("damaged xlsx");
      if (auto r = check_ratio(info.uncompressed_size, info.compressed_size); !r) return r;
      declared += info.uncompressed_size;
      if (declared > limits_.max_inflated_bytes) return too_large(inflated_detail());
    }
    return {};
  }

  // The part's bytes, nullopt-like empty Result error when absent or damaged.
  Result<std::string> read(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 2) != UNZ_OK) return unreadable("xlsx part missing: " + name);
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
      return unreadable("damaged xlsx");
    if (auto r = check_ratio(info.uncompressed_size, info.compressed_size); !r) return r.error();
    if (info.uncompressed_size > limits_.max_inflated_bytes - inflated_) return too_large(inflated_detail());
    if (unzOpenCurrentFile(zip_) != UNZ_OK) return unreadable("damaged xlsx");
    std::string out;
    out.reserve(static_cast<size_t>(info.uncompressed_size));
    char buf[65536];
    for (;;) {
      int n = unzReadCurrentFile(zip_, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zip_);
        return unreadable("damaged xlsx");
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
      inflated_ += static_cast<uint64_t>(n);
      auto ratio = check_ratio(out.size(), info.compressed_size);
      if (inflated_ > limits_.max_inflated_bytes || !ratio) {
        unzCloseCurrentFile(zip_);
        if (!ratio) return ratio.error();
        return too_large(inflated_detail());
      }
    }
    if (unzCloseCurrentFile(zip_) != UNZ_OK) return unreadable("damaged xlsx (CRC)");
    return out;
  }

 private:
  Result<void> check_ratio(uint64_t inflated, uint64_t compressed) const {
    if (inflated <= limits_.ratio_floor_bytes) return {};
    if (inflated / std::max<uint64_t>(compressed, 1) > limits_.max_ratio)
      return suspicious("compression ratio over " + std::to_string(limits_.max_ratio) + ":1");
    return {};
  }
  std::string inflated_detail() const {
    return "over " + std::to_string(limits_.max_inflated_bytes >> 20) + " MB uncompressed";
  }

  MemoryFile file_;
  XlsxLimits limits_;
  uint64_t inflated_ = 0;
  unzFile zip_ = nullptr;
};

// Element and attribute names without their namespace prefix ("x:row" → "row").
std::string_view local_name(const char* name) {
  std::string_view s(name);
  auto colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const char* attribute(const char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i]; i += 2)
    if (local_name(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

// Runs expat over `xml` with a handler object that has start(name, attrs), end(name) and text(s, len). A
// handler may also have `std::optional<Error> failed`: once set, parsing stops and that error is returned.
template <class Handler>
Result<void> parse_xml(const std::string& xml, Handler& h) {
  XML_Parser p = XML_ParserCreate("UTF-8");
  if (!p) throw std::bad_alloc();
  struct State {
    Handler* h;
    XML_Parser p;
    void check() {
      if constexpr (requires { h->failed; })
        if (h->failed) XML_StopParser(p, XML_FALSE);
    }
  } state{&h, p};
  XML_SetUserData(p, &state);
  XML_SetElementHandler(
      p,
      [](void* u, const XML_Char* n, const XML_Char** a) {
        auto* st = static_cast<State*>(u);
        st->h->start(local_name(n), a);
        st->check();
      },
      [](void* u, const XML_Char* n) {
        auto* st = static_cast<State*>(u);
        st->h->end(local_name(n));
        st->check();
      });
  XML_SetCharacterDataHandler(p, [](void* u, const XML_Char* s, int len) {
    auto* st = static_cast<State*>(u);
    st->h->text(s, static_cast<size_t>(len));
    st->check();
  });
  bool ok = true;
  // Feed in slices: XML_Parse takes an int length.
  constexpr size_t kSlice = 1 << 26;
  for (size_t off = 0; ok && off < xml.size(); off += kSlice) {
    size_t len = std::min(kSlice, xml.size() - off);
    ok = XML_Parse(p, xml.data() + off, static_cast<int>(len), 0) == XML_STATUS_OK;
  }
  if (ok) ok = XML_Parse(p, nullptr, 0, 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  if constexpr (requires { h.failed; })
    if (h.failed) return *h.failed;
  if (!ok) return unreadable("damaged xlsx (XML)");
  return {};
}

struct SharedStrings {
  std::vector<std::string> items;
  uint64_t max_bytes = 0;
  uint64_t bytes = 0;
  std::optional<Error> failed;
  int in_si = 0, in_phonetic = 0, in_t = 0;
  void start(std::string_view n, const char**) {
    if (n == "si") {
      ++in_si;
      items.emplace_back();
    } else if (n == "rPh") {
      ++in_phonetic;  // furigana-style phonetic runs are not part of the value
    } else if (n == "t") {
      ++in_t;
    }
  }
  void end(std::string_view n) {
    if (n == "si") --in_si;
    else if (n == "rPh") --in_phonetic;
    else if (n == "t") --in_t;
  }
  void text(const char* s, size_t len) {
    if (!in_si || !in_t || in_phonetic) return;
    bytes += len;
    if (bytes > max_bytes) {
      failed = too_large("shared strings over " + std::to_string(max_bytes >> 20) + " MB");
      return;
    }
    items.back().append(s, len);
  }
};

struct FirstSheetId {
  std::string rel_id;
  void start(std::string_view n, const char** a) {
    if (n == "sheet" && rel_id.empty())
      if (const char* id = attribute(a, "id")) rel_id = id;
  }
  void end(std::string_view) {}
  void text(const char*, size_t) {}
};

struct Relationships {
  std::map<std::string, std::string> targets;
  void start(std::string_view n, const char** a) {
    if (n != "Relationship") return;
    const char* id = attribute(a, "Id");
    const char* target = attribute(a, "Target");
    if (id && target) targets[id] = target;
  }
  void end(std::string_view) {}
  void text(const char*, size_t) {}
};

// Column index (0-based) of a cell reference such as "AB12", or -1.
int column_of_ref(const char* ref) {
  int col = 0;
  size_t i = 0;
  for (; ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
  return i == 0 ? -1 : col - 1;
}

// Excel's own text for a number cell. Integers up to 15 digits are exact in a double and are written as
// digits, so a 15-digit ID number typed as a number survives. Larger values have lost digits: they are
// given in Excel's scientific form, which the import reports as unrepairable.
std::string number_text(std::string_view raw) {
  bool plain_digits = !raw.empty() && std::all_of(raw.begin(), raw.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (plain_digits && raw.size() <= 15) return std::string(raw);
  char* end = nullptr;
  std::string s(raw);
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(v)) return s;
  if (std::fabs(v) < 1e15 && std::fabs(v - std::round(v)) < 1e-6) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", std::round(v));
    return buf;
  }
  if (std::fabs(v) >= 1e15) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15G", v);  // 6.20102199003071E+17, as Excel shows it
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15G", v);
  return buf;
}

constexpr size_t kMaxColumns = 256;
constexpr size_t kMaxRows = 1048576;  // Excel's limit

struct Worksheet {
  const std::vector<std::string>* shared = nullptr;
  const XlsxLimits* limits = nullptr;
  uint64_t cells = 0, cell_bytes = 0;
  std::optional<Error> failed;
  std::vector<std::vector<std::string>> rows;
  size_t row_index = 0;  // 1-based number of the current row
  int col = -1;
  std::string type, value, inline_text;
  bool in_cell = false, in_v = false, in_is_t = false, in_is = false;
  bool bad_index = false;

  void start(std::string_view n, const char** a) {
    if (n == "row") {
      const char* r = attribute(a, "r");
      size_t num = r ? std::strtoull(r, nullptr, 10) : row_index + 1;
      row_index = std::min(std::max(num, row_index + 1), kMaxRows);
      col = -1;
    } else if (n == "c") {
      in_cell = true;
      const char* r = attribute(a, "r");
      int c = r ? column_of_ref(r) : -1;
      col = c >= 0 ? c : col + 1;
      const char* t = attribute(a, "t");
      type = t ? t : "n";
      value.clear();
      inline_text.clear();
    } else if (n == "v" && in_cell) {
      in_v = true;
    } else if (n == "is" && in_cell) {
      in_is = true;
    } else if (n == "t" && in_is) {
      in_is_t = true;
    }
  }
  void end(std::string_view n) {
    if (n == "v") in_v = false;
    else if (n == "t") in_is_t = false;
    else if (n == "is") in_is = false;
    else if (n == "c") {
      in_cell = false;
      store();
    }
  }
  void text(const char* s, size_t len) {
    // A single value longer than the whole budget is refused here, before it is held.
    if (in_v) value.append(s, len);
    else if (in_is_t) inline_text.append(s, len);
    else return;
    if (value.size() + inline_text.size() > limits->max_cell_text_bytes) failed = too_large(cell_text_detail());
  }
  std::string cell_text_detail() const {
    return "cell text over " + std::to_string(limits->max_cell_text_bytes >> 20) + " MB";
  }
  void store() {
    if (col < 0 || static_cast<size_t>(col) >= kMaxColumns || row_index == 0) return;
    // Bounds first: the count of cells and the bytes they will hold, before anything is copied. A shared
    // string repeated in every cell counts its full size each time, as that is what the rows will hold.
    if (++cells > limits->max_cells) {
      failed = too_large("over " + std::to_string(limits->max_cells) + " cells");
      return;
    }
    const std::string* shared_text = nullptr;
    if (type == "s") {
      size_t idx = std::strtoull(value.c_str(), nullptr, 10);
      if (idx >= shared->size()) {
        bad_index = true;
        return;
      }
      shared_text = &(*shared)[idx];
    }
    cell_bytes += shared_text ? shared_text->size() : value.size() + inline_text.size();
    if (cell_bytes > limits->max_cell_text_bytes) {
      failed = too_large(cell_text_detail());
      return;
    }
    std::string cell;
    if (shared_text) {
      cell = *shared_text;
    } else if (type == "inlineStr") {
      cell = inline_text;
    } else if (type == "str" || type == "e") {
      cell = value;
    } else if (type == "b") {
      cell = value == "1" ? "true" : "false";
    } else {
      cell = value.empty() ? std::string() : number_text(value);
    }
    if (cell.empty()) return;
    if (rows.size() < row_index) rows.resize(row_index);
    auto& row = rows[row_index - 1];
    if (row.size() <= static_cast<size_t>(col)) row.resize(static_cast<size_t>(col) + 1);
    row[static_cast<size_t>(col)] = std::move(cell);
  }
};

std::string resolve_target(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);  // absolute within the package
  return "xl/" + target;
}

bool is_space_or_control(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string_view format_name(SheetFormat f) {
  switch (f) {
    case SheetFormat::csv: return "csv";
    case SheetFormat::xlsx: return "xlsx";
    case SheetFormat::json_rows: return "json_rows";
  }
  return "csv";
}

std::string_view encoding_name(TextEncoding e) {
  switch (e) {
    case TextEncoding::utf8: return "utf-8";
    case TextEncoding::utf8_bom: return "utf-8-bom";
    case TextEncoding::gb18030: return "gb18030";
  }
  return "utf-8";
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Fast path over ASCII, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;  // no UTF-16 surrogates
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return false;
    if (i + len > n) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

Result<std::string> gb18030_to_utf8(std::string_view bytes) { return convert(bytes, "UTF-8", "GB18030"); }
Result<std::string> utf8_to_gb18030(std::string_view utf8) { return convert(utf8, "GB18030", "UTF-8"); }
Result<std::string> utf8_to_gbk(std::string_view utf8) { return convert(utf8, "GBK", "UTF-8"); }

Result<DecodedText> decode_text(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes)) return unreadable("UTF-8 BOM but invalid UTF-8");
    return DecodedText{std::string(bytes), TextEncoding::utf8_bom};
  }
  if (is_valid_utf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::utf8};
  auto gb = gb18030_to_utf8(bytes);
  if (!gb) return unreadable("neither UTF-8 nor GB18030/GBK text");
  return DecodedText{std::move(*gb), TextEncoding::gb18030};
}

std::vector<std::vector<std::string>> parse_csv_records(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0, n = text.size();
  while (i < n) {
    // One field.
    if (text[i] == '"') {
      ++i;
      for (;;) {
        size_t q = text.find('"', i);
        if (q == std::string_view::npos) {  // unterminated quote: the rest is the field
          field.append(text.substr(i));
          i = n;
          break;
        }
        field.append(text.substr(i, q - i));
        i = q + 1;
        if (i < n && text[i] == '"') {
          field += '"';
          ++i;
          continue;
        }
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as Excel does.
      size_t stop = text.find_first_of(",\r\n", i);
      if (stop == std::string_view::npos) stop = n;
      field.append(text.substr(i, stop - i));
      i = stop;
    } else {
      size_t stop = text.find_first_of(",\r\n", i);
      if (stop == std::string_view::npos) stop = n;
      field.append(text.substr(i, stop - i));
      i = stop;
    }
    row.push_back(std::move(field));
    field.clear();
    if (i >= n) break;
    if (text[i] == ',') {
      ++i;
      if (i == n) row.emplace_back();  // a trailing comma ends with an empty field
      continue;
    }
    // End of record.
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    ++i;
    if (row.size() == 1 && row[0].empty()) row.clear();  // a blank line is an empty row
    rows.push_back(std::move(row));
    row.clear();
    // A blank line: the loop reads an empty field next; handle it as an empty record directly.
    while (i < n && (text[i] == '\n' || text[i] == '\r')) {
      if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      rows.emplace_back();
    }
  }
  if (!row.empty() && !(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
  return rows;
}

Result<Sheet> read_csv(std::string_view bytes) {
  auto text = decode_text(bytes);
  if (!text) return text.error();
  Sheet sheet;
  sheet.format = SheetFormat::csv;
  sheet.encoding = text->encoding;
  sheet.rows = parse_csv_records(text->utf8);
  return sheet;
}

bool looks_like_xlsx(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

Result<Sheet> read_xlsx(std::string_view bytes, const XlsxLimits& limits) {
  if (!looks_like_xlsx(bytes)) return unreadable("not an xlsx file");
  ZipReader zip(bytes, limits);
  if (!zip.ok()) return unreadable("not an xlsx file");
  if (auto r = zip.check_directory(); !r) return r.error();
  SharedStrings shared;
  shared.max_bytes = limits.max_shared_string_bytes;
  // An absent optional part is fine; one over a bound is not.
  auto over_bound = [](const Error& e) { return e.code != "unreadable_file"; };
  if (auto xml = zip.read("xl/sharedStrings.xml"); xml) {
    if (auto r = parse_xml(*xml, shared); !r) return r.error();
  } else if (over_bound(xml.error())) {
    return xml.error();
  }
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  if (auto wb = zip.read("xl/workbook.xml"); wb) {
    FirstSheetId first;
    if (auto r = parse_xml(*wb, first); !r) return r.error();
    if (auto rels_xml = zip.read("xl/_rels/workbook.xml.rels"); rels_xml && !first.rel_id.empty()) {
      Relationships rels;
      if (auto r = parse_xml(*rels_xml, rels); !r) return r.error();
      if (auto it = rels.targets.find(first.rel_id); it != rels.targets.end()) sheet_path = resolve_target(it->second);
    } else if (!rels_xml && over_bound(rels_xml.error())) {
      return rels_xml.error();
    }
  } else if (over_bound(wb.error())) {
    return wb.error();
  } else {
    return unreadable("not an xlsx file (no workbook)");
  }
  auto xml = zip.read(sheet_path);
  if (!xml) return xml.error();
  Worksheet ws;
  ws.shared = &shared.items;
  ws.limits = &limits;
  if (auto r = parse_xml(*xml, ws); !r) return r.error();
  if (ws.bad_index) return unreadable("damaged xlsx (shared string index)");
  Sheet sheet;
  sheet.format = SheetFormat::xlsx;
  sheet.rows = std::move(ws.rows);
  return sheet;
}

Result<Sheet> read_json_rows(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return make_error("bad_json", "", ec ? ec.message() : "expected an object");
  const auto* rows = v.as_object().if_contains("rows");
  if (!rows || !rows->is_array()) return make_error("missing_field", "rows");
  Sheet sheet;
  sheet.format = SheetFormat::json_rows;
  sheet.rows.reserve(rows->as_array().size());
  for (const auto& r : rows->as_array()) {
    if (!r.is_array()) return make_error("invalid_field", "rows", "each row is an array of cells");
    std::vector<std::string> cells;
    cells.reserve(r.as_array().size());
    for (const auto& c : r.as_array()) {
      switch (c.kind()) {
        case boost::json::kind::string: cells.emplace_back(c.as_string()); break;
        case boost::json::kind::int64: cells.push_back(std::to_string(c.as_int64())); break;
        case boost::json::kind::uint64: cells.push_back(std::to_string(c.as_uint64())); break;
        case boost::json::kind::double_: {
          char buf[40];
          std::snprintf(buf, sizeof buf, "%.17G", c.as_double());
          cells.push_back(number_text(buf));
          break;
        }
        case boost::json::kind::bool_: cells.emplace_back(c.as_bool() ? "true" : "false"); break;
        case boost::json::kind::null: cells.emplace_back(); break;
        default: return make_error("invalid_field", "rows", "cells are strings, numbers, booleans or null");
      }
    }
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    sheet.rows.push_back(std::move(cells));
  }
  return sheet;
}

Result<Sheet> read_sheet(std::string_view bytes, std::string_view content_type, const XlsxLimits& limits) {
  auto starts = [&](std::string_view p) {
    return content_type.size() >= p.size() &&
           std::equal(p.begin(), p.end(), content_type.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
  };
  if (starts("application/json")) return read_json_rows(bytes);
  if (starts("application/vnd.openxmlformats-officedocument.spreadsheetml") || looks_like_xlsx(bytes))
    return read_xlsx(bytes, limits);
  return read_csv(bytes);
}

std::string normalize_header(std::string_view text) {
  std::string s = normalize_halfwidth(text);
  std::string out;
  out.reserve(s.size());
  int depth = 0;
  for (size_t i = 0; i < s.size();) {
    auto starts = [&](std::string_view p) { return s.compare(i, p.size(), p) == 0; };
    // Brackets: ASCII (after folding full-width ones), 【】 and 〔〕.
    if (s[i] == '(' || s[i] == '[' || starts("【") || starts("〔")) {
      ++depth;
      i += s[i] == '(' || s[i] == '[' ? 1 : 3;
      continue;
    }
    if (s[i] == ')' || s[i] == ']' || starts("】") || starts("〕")) {
      depth = std::max(0, depth - 1);
      i += s[i] == ')' || s[i] == ']' ? 1 : 3;
      continue;
    }
    char c = s[i];
    if (depth == 0 && !is_space_or_control(static_cast<unsigned char>(c)) && c != '*' && c != '_' && c != '-' &&
        c != ':')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ++i;
  }
  return out;
}

Result<HeaderMap> find_header(const Sheet& sheet, std::span<const ColumnSpec> specs, size_t max_scan) {
  // Normalised alias → spec index.
  std::map<std::string, int> alias_of;
  for (size_t k = 0; k < specs.size(); ++k) {
    alias_of.emplace(normalize_header(specs[k].field), static_cast<int>(k));
    for (auto a : specs[k].aliases) alias_of.emplace(normalize_header(a), static_cast<int>(k));
  }
  size_t limit = std::min(max_scan, sheet.rows.size());
  for (size_t r = 0; r < limit; ++r) {
    const auto& row = sheet.rows[r];
    size_t nonempty = 0, matched = 0;
    std::vector<int> fields(row.size(), -1);
    std::vector<bool> taken(specs.size(), false);
    for (size_t c = 0; c < row.size(); ++c) {
      std::string h = normalize_header(row[c]);
      if (h.empty()) continue;
      ++nonempty;
      auto it = alias_of.find(h);
      if (it == alias_of.end() || taken[static_cast<size_t>(it->second)]) continue;
      taken[static_cast<size_t>(it->second)] = true;
      fields[c] = it->second;
      ++matched;
    }
    bool has_required = true;
    for (size_t k = 0; k < specs.size(); ++k) has_required = has_required && (!specs[k].required || taken[k]);
    // County offices' own forms carry extra columns (序号, 性别, 民族 …): a row naming every required column
    // is the header however many others it has.
    if (matched < 2 || (matched * 2 < nonempty && !has_required)) continue;
    for (size_t k = 0; k < specs.size(); ++k)
      if (specs[k].required && !taken[k]) return make_error("import_missing_column", std::string(specs[k].field));
    HeaderMap map;
    map.header_row = r;
    for (size_t above = 0; above < r; ++above) {
      bool blank = std::all_of(sheet.rows[above].begin(), sheet.rows[above].end(),
                               [](const std::string& s) { return trim_ascii(normalize_halfwidth(s)).empty(); });
      if (!blank) map.skipped_rows.push_back(above);
    }
    map.field_of_column = std::move(fields);
    for (size_t c = 0; c < row.size(); ++c) {
      map.header_text.emplace_back(trim_ascii(row[c]));
      if (map.field_of_column[c] < 0 && !normalize_header(row[c]).empty()) map.unknown_columns.push_back(map.header_text.back());
    }
    return map;
  }
  return make_error("import_no_header", "file", std::to_string(limit));
}

bool is_scientific_notation(std::string_view cell) {
  std::string s = normalize_input(cell);
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (digits == 0) return false;
  if (i < n && (s[i] == '.' || s[i] == ',')) {
    ++i;
    size_t frac = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac;
    if (frac == 0) return false;
  }
  if (i >= n || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t exp = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
  return exp > 0 && i == n;
}

std::string column_letter(size_t index) {
  std::string s;
  size_t n = index + 1;
  while (n > 0) {
    size_t rem = (n - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + rem));
    n = (n - 1) / 26;
  }
  return s;
}

}  // namespace jz::registry
