#include "engine/run/sweep/cluster.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#ifdef GOVGRID_WITH_MPI
#include <mpi.h>
#endif

namespace govgrid {

namespace {

/// Launchers set these in each process they start: Open MPI's mpirun, PMI/PMIx (MPICH,
/// Slurm's srun). Without one, MPI_Init would start a singleton job for nothing.
bool started_by_launcher() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(var)) return true;
  return false;
}

#ifdef GOVGRID_WITH_MPI
void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw std::runtime_error(fmt::format("MPI error in {}: {}", what, std::string(text, static_cast<std::size_t>(length))));
}
#endif

#ifndef GOVGRID_WITH_MPI
[[noreturn]] void no_mpi() { throw std::logic_error("govgrid was built without MPI"); }
#endif

}  // namespace

bool built_with_mpi() {
#ifdef GOVGRID_WITH_MPI
  return true;
#else
  return false;
#endif
}

Cluster Cluster::from_environment() {
  Cluster c;
#ifdef GOVGRID_WITH_MPI
  if (!started_by_launcher()) return c;
  int provided = 0;
  // Only the thread that called MPI_Init talks to MPI; TBB threads inside runs never do.
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  c.mpi_started_ = true;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_rank(MPI_COMM_WORLD, &c.rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &c.size_), "MPI_Comm_size");
#else
  // Several copies of a build without MPI would each run the whole sweep into one file.
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* size = std::getenv(var); size && std::atoi(size) > 1)
      throw std::runtime_error(fmt::format(
          "started by mpirun with {} ranks, but this govgrid was built without MPI (CMake option "
          "GOVGRID_WITH_MPI; Debian: apt-get install libopenmpi-dev, then reconfigure). Run it without mpirun.",
          size));
  (void)started_by_launcher;
#endif
  return c;
}

Cluster::Cluster(Cluster&& other) noexcept
    : rank_(other.rank_),
      size_(other.size_),
      mpi_started_(other.mpi_started_),
      job_sent_(other.job_sent_),
      job_cancelled_(other.job_cancelled_) {
  other.mpi_started_ = false;
}

Cluster::~Cluster() {
#ifdef GOVGRID_WITH_MPI
  if (mpi_started_) MPI_Finalize();
#endif
}

void Cluster::cancel_job() {
  if (!distributed() || !is_coordinator() || job_sent_ || job_cancelled_) return;
  broadcast({});
  job_cancelled_ = true;
}

void Cluster::abort(int code) {
#ifdef GOVGRID_WITH_MPI
  if (distributed()) MPI_Abort(MPI_COMM_WORLD, code);
#else
  (void)code;
#endif
}

std::vector<char> Cluster::broadcast(std::vector<char> bytes) {
#ifdef GOVGRID_WITH_MPI
  unsigned long long size = bytes.size();
  check(MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
  bytes.resize(static_cast<std::size_t>(size));
  // Counts are int in MPI: send in chunks so a sweep of any size fits.
  constexpr std::size_t kChunk = 1 << 30;
  for (std::size_t at = 0; at < bytes.size(); at += kChunk)
    check(MPI_Bcast(bytes.data() + at, static_cast<int>(std::min(kChunk, bytes.size() - at)), MPI_BYTE, 0,
                    MPI_COMM_WORLD),
          "MPI_Bcast");
  job_sent_ = !bytes.empty();
  return bytes;
#else
  (void)bytes;
  no_mpi();
#endif
}

void Cluster::send(int to, int tag, std::span<const char> bytes) {
#ifdef GOVGRID_WITH_MPI
  check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD), "MPI_Send");
#else
  (void)to, (void)tag, (void)bytes;
  no_mpi();
#endif
}

std::optional<Cluster::Message> Cluster::poll(int tag) {
#ifdef GOVGRID_WITH_MPI
  int flag = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
  if (!flag) return std::nullopt;
  int count = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
  Message m{status.MPI_SOURCE, std::vector<char>(static_cast<std::size_t>(count))};
  check(MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  return m;
#else
  (void)tag;
  no_mpi();
#endif
}

std::vector<char> Cluster::receive(int from, int tag) {
#ifdef GOVGRID_WITH_MPI
  MPI_Status status;
  check(MPI_Probe(from, tag, MPI_COMM_WORLD, &status), "MPI_Probe");
  int count = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
  std::vector<char> bytes(static_cast<std::size_t>(count));
  check(MPI_Recv(bytes.data(), count, MPI_BYTE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
  return bytes;
#else
  (void)from, (void)tag;
  no_mpi();
#endif
}

}  // namespace govgrid
