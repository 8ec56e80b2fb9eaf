// libFuzzer target: sweep YAML text → the sweep loader and the planner (axes, ranges, Latin
// hypercube, cases, the base scenario and every point's overrides). Bad input must come out as
// a ScenarioError; a crash, a sanitizer report or another exception is a finding. Base
// scenarios resolve against the working directory: run from the repository root so that
// `base: scenarios/district.yaml` in the seed corpus is found.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/run/sweep/plan.h"
#include "govgrid/scenario_loader.h"
#include "govgrid/sweep_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  try {
    const govgrid::SweepSpec spec = govgrid::load_sweep_string(yaml, "<fuzz>");
    govgrid::plan_sweep(spec);
  } catch (const govgrid::ScenarioError&) {
  }
  return 0;
}
