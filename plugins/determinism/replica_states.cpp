// ReplicaStates (replica_states.hpp).
#include "replica_states.hpp"

#include "prefetched.hpp"

namespace interstice::determinism {

namespace {

sdk::LogReplay::Options hash_only(sdk::RecordDigester& digester) {
  return {.rows = sdk::LogReplay::Rows::hash_only, .digester = &digester};
}

}  // namespace

ReplicaStates::ReplicaStates(sdk::RecordDigester& digester) : a_(hash_only(digester)), b_(hash_only(digester)) {}

void ReplicaStates::add(Pair pair) {
  pending_.push_back(std::move(pair));
  if (pending_.size() == kPending) flush();
}

void ReplicaStates::flush() {
  apply_prefetched(
      std::span(pending_),
      [&](const Pair& p) {
        if (p.a) a_.prefetch(*p.a);
        if (p.b) b_.prefetch(*p.b);
      },
      [&](const Pair& p) {
        if (p.a) a_.apply(*p.a);
        if (p.b) b_.apply(*p.b);
        if (p.a) check(*p.a->table);
        if (p.b && (!p.a || p.b->table != p.a->table)) check(*p.b->table);
        if (!first_difference_ && differing_ != 0) first_difference_ = p.index;
      });
  pending_.clear();
}

void ReplicaStates::check(const sdk::ReplayTable& table) {
  const auto x = a_.find(table).value_or(sdk::TableState{});
  const auto y = b_.find(table).value_or(sdk::TableState{});
  const bool differs = x.row_hash_sum != y.row_hash_sum || x.live_rows != y.live_rows;
  if (table.id >= differs_.size()) differs_.resize(table.id + 1, false);
  if (differs != differs_[table.id]) differing_ += differs ? 1 : -1;
  differs_[table.id] = differs;
}

}  // namespace interstice::determinism
