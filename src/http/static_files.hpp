#pragma once
// The built web UI (web/dist) held in memory: each file with its content type, ETag and, for text
// formats, a gzip copy made once at start-up. Hashed assets get a year-long immutable cache; other files
// are revalidated. Unknown paths without a file extension fall back to index.html (SPA routing).
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace jz::http {

struct StaticFile {
  std::string content_type;
  std::string body;
  std::string gzip_body;  // empty when not worth compressing
  std::string etag;
  std::string cache_control;
};

class StaticFiles final {
 public:
  // Loads every file under `root`; an empty or missing root serves nothing (API-only server).
  explicit StaticFiles(const std::filesystem::path& root);
  // The file for a request path, with SPA fallback; nullptr when there is none.
  const StaticFile* find(std::string_view path) const;
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;
};

// gzip-compresses `data` (level 6); used for static files and large API responses.
std::string gzip_compress(std::string_view data);

}  // namespace jz::http
