// The processes a sweep runs on: one, or the ranks of an MPI job started by mpirun.
//
// Rank 0 plans the sweep, owns the SQLite file, hands runs out one at a time to whichever
// rank asks next and commits what comes back; ranks 1..N-1 only compute. Without MPI support
// compiled in (CMake option GOVGRID_WITH_MPI), or when govgrid was not started by mpirun,
// the cluster is this one process and everything runs locally.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace govgrid {

class Cluster {
 public:
  /// Joins the MPI job when this process was started by mpirun or srun (MPI environment
  /// variables present) and govgrid was built with MPI; otherwise a cluster of one process.
  /// At most one Cluster may exist per process. Throws std::runtime_error when MPI fails to
  /// start, or when a build without MPI was started by mpirun with several ranks.
  static Cluster from_environment();
  /// A cluster of this process alone.
  Cluster() = default;
  ~Cluster();  ///< finalizes MPI when it was started here
  Cluster(Cluster&& other) noexcept;
  Cluster& operator=(Cluster&&) = delete;
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }
  bool is_coordinator() const { return rank_ == 0; }

  /// Rank 0: tells the waiting ranks there is no sweep to run (bad input, a refused DIR), so
  /// they exit cleanly. No-op for a cluster of one or when the job was already sent.
  void cancel_job();
  /// Ends every rank at once (MPI_Abort) after an unrecoverable error on rank 0 while workers
  /// are computing; with one process, returns.
  void abort(int code);

  // Message passing for the sweep executor; valid only when distributed(). Throws
  // std::runtime_error when an MPI call fails.
  struct Message {
    int source = 0;
    std::vector<char> bytes;
  };
  /// Collective: rank 0's `bytes` reach every rank (and are returned there); empty = no job.
  std::vector<char> broadcast(std::vector<char> bytes);
  /// True once rank 0 has broadcast a job (workers are computing or waiting for runs).
  bool job_sent() const { return job_sent_; }
  void send(int to, int tag, std::span<const char> bytes);
  /// A message with `tag` from any rank if one has arrived; never waits.
  std::optional<Message> poll(int tag);
  /// Waits for a message with `tag` from rank `from`.
  std::vector<char> receive(int from, int tag);

 private:
  int rank_ = 0;
  int size_ = 1;
  bool mpi_started_ = false;
  bool job_sent_ = false;
  bool job_cancelled_ = false;
};

/// True when govgrid was built with MPI support.
bool built_with_mpi();

}  // namespace govgrid
