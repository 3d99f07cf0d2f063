#include "http/metrics.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace jz::http {

Metrics::Metrics(std::vector<std::string> labels) : labels_(std::move(labels)) {
  labels_.push_back("unmatched");
  series_ = std::make_unique<Series[]>(labels_.size());
}

void Metrics::observe(size_t route_index, int status, double seconds) {
  if (route_index >= labels_.size()) route_index = labels_.size() - 1;
  Series& s = series_[route_index];
  int cls = status / 100 - 1;
  if (cls < 0 || cls > 4) cls = 4;
  s.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  gauges_.push_back(Gauge{std::move(name), std::move(help), "gauge", std::move(read)});
}

void Metrics::add_counter(std::string name, std::string help, std::function<double()> read) {
  if (!name.ends_with("_total")) throw std::invalid_argument("counter " + name + " must end in _total");
  gauges_.push_back(Gauge{std::move(name), std::move(help), "counter", std::move(read)});
}

std::string Metrics::render() const {
  std::string out;
  out += "# HELP jz_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE jz_http_requests_total counter\n";
  for (size_t i = 0; i < labels_.size(); ++i)
    for (int c = 0; c < 5; ++c) {
      uint64_t n = series_[i].by_class[c].load(std::memory_order_relaxed);
      if (n) out += fmt::format("jz_http_requests_total{{route=\"{}\",status=\"{}xx\"}} {}\n", labels_[i], c + 1, n);
    }
  out += "# HELP jz_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE jz_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < labels_.size(); ++i) {
    const Series& s = series_[i];
    uint64_t total = 0;
    for (auto& b : s.buckets) total += b.load(std::memory_order_relaxed);
    if (!total) continue;
    uint64_t cum = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cum += s.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("jz_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", labels_[i],
                         kBuckets[b], cum);
    }
    out += fmt::format("jz_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", labels_[i], total);
    out += fmt::format("jz_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", labels_[i],
                       s.sum_us.load(std::memory_order_relaxed) / 1e6);
    out += fmt::format("jz_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", labels_[i], total);
  }
  for (const auto& g : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", g.name, g.help, g.name, g.type, g.name, g.read());
  }
  return out;
}

}  // namespace jz::http
