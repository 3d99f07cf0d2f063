#include "matching/transfer.hpp"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace jz::matching {
namespace {

using Graph = lemon::SmartDigraph;

struct Network {
  Graph g;
  Graph::ArcMap<int64_t> cap{g}, cost{g};
  Graph::Node s, t;
  std::vector<Graph::Arc> pair_arcs;  // one per edge
  int64_t workers = 0;

  Network(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity) {
    s = g.addNode();
    t = g.addNode();
    std::unordered_map<int64_t, Graph::Node> worker_node;
    std::vector<Graph::Node> opening_node;
    for (int64_t c : capacity) {
      auto n = g.addNode();
      opening_node.push_back(n);
      auto a = g.addArc(n, t);
      cap[a] = std::max<int64_t>(0, c);
      cost[a] = 0;
    }
    for (const auto& e : edges) {
      if (e.opening < 0 || static_cast<size_t>(e.opening) >= capacity.size()) throw std::out_of_range("opening");
      auto it = worker_node.find(e.worker_id);
      if (it == worker_node.end()) {
        auto n = g.addNode();
        it = worker_node.emplace(e.worker_id, n).first;
        auto a = g.addArc(s, n);
        cap[a] = 1;
        cost[a] = 0;
      }
      auto a = g.addArc(it->second, opening_node[static_cast<size_t>(e.opening)]);
      cap[a] = 1;
      cost[a] = -milli(e.score);
      pair_arcs.push_back(a);
    }
    workers = static_cast<int64_t>(worker_node.size());
    auto bypass = g.addArc(s, t);
    cap[bypass] = workers;
    cost[bypass] = 0;
  }

  template <class Algo>
  Assignment read(const Algo& algo, const std::vector<Edge>& edges) const {
    Assignment out;
    for (size_t i = 0; i < pair_arcs.size(); ++i)
      if (algo.flow(pair_arcs[i]) > 0) {
        out.chosen.push_back(i);
        out.total_milli += milli(edges[i].score);
      }
    return out;
  }
};

}  // namespace

Assignment assign_optimal(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity) {
  Network net(edges, capacity);
  lemon::NetworkSimplex<Graph, int64_t, int64_t> ns(net.g);
  ns.upperMap(net.cap).costMap(net.cost).stSupply(net.s, net.t, net.workers);
  if (ns.run() != decltype(ns)::OPTIMAL) throw std::runtime_error("transfer plan: no optimal flow");
  return net.read(ns, edges);
}

Assignment assign_cost_scaling(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity) {
  Network net(edges, capacity);
  lemon::CostScaling<Graph, int64_t, int64_t> cs(net.g);
  cs.upperMap(net.cap).costMap(net.cost).stSupply(net.s, net.t, net.workers);
  if (cs.run() != decltype(cs)::OPTIMAL) throw std::runtime_error("transfer plan: no optimal flow");
  return net.read(cs, edges);
}

Assignment assign_greedy(const std::vector<Edge>& edges, const std::vector<int64_t>& capacity) {
  std::vector<size_t> order(edges.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (edges[a].score != edges[b].score) return edges[a].score > edges[b].score;
    if (edges[a].worker_id != edges[b].worker_id) return edges[a].worker_id < edges[b].worker_id;
    return edges[a].opening < edges[b].opening;
  });
  std::vector<int64_t> left = capacity;
  std::unordered_map<int64_t, bool> taken;
  Assignment out;
  for (size_t i : order) {
    const auto& e = edges[i];
    if (left[static_cast<size_t>(e.opening)] <= 0 || taken[e.worker_id]) continue;
    taken[e.worker_id] = true;
    --left[static_cast<size_t>(e.opening)];
    out.chosen.push_back(i);
    out.total_milli += milli(e.score);
  }
  return out;
}

}  // namespace jz::matching
