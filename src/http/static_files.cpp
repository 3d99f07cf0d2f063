#include "http/static_files.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

namespace jz::http {
namespace {

std::string content_type_for(const std::string& ext) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".ico", "image/x-icon"},
      {".webp", "image/webp"}, {".woff", "font/woff"}, {".woff2", "font/woff2"}, {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.find("json") != std::string::npos ||
         type.find("svg") != std::string::npos;
}

}  // namespace

std::string gzip_compress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) {
    if (!root.empty()) spdlog::warn("web root {} not found: serving the API only", root.string());
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    StaticFile f;
    f.body = ss.str();
    f.content_type = content_type_for(entry.path().extension().string());
    if (compressible(f.content_type) && f.body.size() > 512) {
      f.gzip_body = gzip_compress(f.body);
      if (f.gzip_body.size() >= f.body.size()) f.gzip_body.clear();
    }
    f.etag = fmt::format("\"{:x}-{:x}\"", std::hash<std::string>{}(f.body), f.body.size());
    std::string rel = "/" + fs::relative(entry.path(), root).generic_string();
    f.cache_control = rel.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
    files_.emplace(std::move(rel), std::move(f));
  }
  spdlog::info("serving {} web files from {}", files_.size(), root.string());
}

const StaticFile* StaticFiles::find(std::string_view path) const {
  if (path == "/" || path.empty()) path = "/index.html";
  if (auto it = files_.find(path); it != files_.end()) return &it->second;
  // SPA fallback: a client-side route like /console/audit has no extension in its last segment.
  auto slash = path.rfind('/');
  if (path.find('.', slash == std::string_view::npos ? 0 : slash) == std::string_view::npos) {
    if (auto it = files_.find(std::string_view("/index.html")); it != files_.end()) return &it->second;
  }
  return nullptr;
}

}  // namespace jz::http
