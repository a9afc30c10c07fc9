// Independent reads of a live run, run on a small bounded pool. Each task writes only its own
// output (its own LiveBundle part, its own result slot); the caller files the outputs afterwards
// in a fixed order, so the evidence and the report do not depend on which read finished first.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace wid {

namespace live_limits {
// Reads at once against one API server: kubectl's own parallel discovery uses a few, and a
// management cluster's API server should not notice a diagnosis.
constexpr int kMaxParallelReads = 4;
}  // namespace live_limits

// Runs every task on at most `workers` threads (1: one after another on this thread) and returns
// when all have run. An exception a task throws is rethrown here once all have finished.
void run_tasks(const std::vector<std::function<void()>>& tasks, int workers);

}  // namespace wid
