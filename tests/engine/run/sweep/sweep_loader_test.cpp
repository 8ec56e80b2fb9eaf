// Tests of the sweep file loader (scenarios/sweep_loader.cpp) and of point validation
// (load_points): every problem is reported as file:line:col: key.path: expected …, got …,
// all of them at once, and a swept key's problem points at the place in the sweep file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/run/sweep/plan.h"
#include "govgrid/sweep_loader.h"

namespace govgrid {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = GOVGRID_SOURCE_DIR;
// A display name in tests/engine/run/sweep/data/, so that `base: ../../../../../scenarios/district.yaml` resolves.
const std::string kFile = (kSource / "tests" / "engine" / "run" / "sweep" / "data" / "inline.yaml").string();

constexpr std::string_view kGood = R"(name: t
base: ../../../../../scenarios/district.yaml
replications: 2
seed: 5
set:
  world.generate.streets: 2
axes:
  - key: grid_workers.per_grid
    values: [1, 2]
  - key: grid_workers.patrols_per_day
    range: {from: 0, to: 1, step: 0.5}
  - lhs: {samples: 3}
    ranges:
      handling.rating_share: {from: 0.5, to: 0.9}
  - name: remedy
    cases:
      none: {}
      pooling: {policies.dispatch: pooling}
)";
// Lines: 2 base  3 replications  4 seed  6 streets  8 key  9 values  10 key  11 range
// 12 lhs  14 rating_share range  15 name  17 none  18 pooling

std::string edit(std::string_view from, std::string_view to, std::string text = std::string(kGood)) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "test bug: " << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

/// The formatted issues of loading (and, when the file loads, planning and checking) `text`.
std::string problems(const std::string& text) {
  try {
    const SweepSpec spec = load_sweep_string(text, kFile);
    SweepPlan plan = plan_sweep(spec);
    load_points(spec, plan);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepLoader, ReadsEveryAxisForm) {
  const SweepSpec spec = load_sweep_string(kGood, kFile);
  EXPECT_EQ(spec.name, "t");
  EXPECT_EQ(spec.replications, 2);
  EXPECT_EQ(spec.seed, 5u);
  EXPECT_EQ(fs::path(spec.base_file), (kSource / "scenarios" / "district.yaml").lexically_normal());
  EXPECT_FALSE(spec.base_yaml.empty());
  EXPECT_EQ(spec.base_hash.size(), 16u);
  EXPECT_EQ(spec.yaml, kGood);
  ASSERT_EQ(spec.set.size(), 1u);
  EXPECT_EQ(spec.set[0].key, "world.generate.streets");
  EXPECT_EQ(spec.set[0].value.text, "2");
  ASSERT_EQ(spec.axes.size(), 4u);
  EXPECT_EQ(spec.axes[0].kind, SweepAxis::Kind::values);
  EXPECT_EQ(spec.axes[0].values[1].text, "2");
  EXPECT_EQ(spec.axes[0].values[1].at.line, 9);
  EXPECT_EQ(spec.axes[1].kind, SweepAxis::Kind::range);
  EXPECT_EQ(*spec.axes[1].range.step, 0.5);
  EXPECT_EQ(spec.axes[2].kind, SweepAxis::Kind::lhs);
  EXPECT_EQ(spec.axes[2].samples, 3);
  EXPECT_EQ(spec.axes[2].dimensions[0].key, "handling.rating_share");
  EXPECT_EQ(spec.axes[3].kind, SweepAxis::Kind::cases);
  EXPECT_EQ(spec.axes[3].cases[1].set[0].key, "policies.dispatch");

  SweepPlan plan = plan_sweep(spec);
  EXPECT_EQ(plan.points.size(), 2u * 3u * 3u * 2u);
  EXPECT_EQ(load_points(spec, plan).size(), plan.points.size());
}

TEST(SweepLoader, BaseHashCoversTheFilesABaseExtends) {
  const SweepSpec direct = load_sweep_string(kGood, kFile);
  EXPECT_EQ(direct.base_hash, fnv1a_hex(direct.base_yaml));
  // heavy_load.yaml extends district.yaml: a change to either must be noticed on resume.
  const SweepSpec extending = load_sweep_string(edit("scenarios/district.yaml", "scenarios/heavy_load.yaml"), kFile);
  EXPECT_NE(extending.base_yaml.find("extends: district.yaml"), std::string::npos);
  EXPECT_NE(extending.base_hash, fnv1a_hex(extending.base_yaml));
  SweepPlan plan = plan_sweep(extending);
  EXPECT_NO_THROW(load_points(extending, plan));
}

TEST(SweepLoader, ValuesKeepTheirYamlType) {
  const SweepSpec spec = load_sweep_string(
      edit("values: [1, 2]", "values: [\"1\", {dist: exponential, mean: 2}, [a, b]]"), kFile);
  EXPECT_EQ(spec.axes[0].values[0].text, "\"1\"");  // a quoted string stays a string
  EXPECT_EQ(spec.axes[0].values[1].text, "{dist: exponential, mean: 2}");
  EXPECT_EQ(spec.axes[0].values[2].text, "[a, b]");
}

TEST(SweepLoader, ShippedSweepsLoadAndEveryPointIsValid) {
  for (const char* name : {"staffing.yaml", "pushed_down_remedies.yaml", "sensitivity_lhs.yaml"}) {
    SCOPED_TRACE(name);
    const SweepSpec spec = load_sweep_file(kSource / "scenarios" / "sweeps" / name);
    SweepPlan plan = plan_sweep(spec);
    EXPECT_GE(plan.points.size(), 6u);
    EXPECT_NO_THROW(load_points(spec, plan));
  }
}

TEST(SweepLoader, MissingKeysAreAllReported) {
  const std::string p = problems("name: t\naxes: []\n");
  EXPECT_NE(p.find("inline.yaml:1:1: base: missing required key"), std::string::npos) << p;
  EXPECT_NE(p.find("replications: missing required key"), std::string::npos) << p;
  EXPECT_NE(p.find("seed: missing required key"), std::string::npos) << p;
}

TEST(SweepLoader, BadValuesWithLineAndColumn) {
  EXPECT_NE(problems(edit("step: 0.5", "step: 0")).find("inline.yaml:11:35: axes[1:grid_workers.patrols_per_day].range.step: "
                                                       "expected a number > 0, got 0"),
            std::string::npos)
      << problems(edit("step: 0.5", "step: 0"));
  const std::string backwards = problems(edit("{from: 0, to: 1, step", "{from: 2, to: 1, step"));
  EXPECT_NE(backwards.find("inline.yaml:11:26: axes[1:grid_workers.patrols_per_day].range.to: expected to >= from (2), got 1"),
            std::string::npos)
      << backwards;
  const std::string reps = problems(edit("replications: 2", "replications: two"));
  EXPECT_NE(reps.find("inline.yaml:3:15: replications: expected an integer from 1 to 10000, got the string \"two\""), std::string::npos)
      << reps;
  const std::string samples = problems(edit("lhs: {samples: 3}", "lhs: {samples: 0}"));
  EXPECT_NE(samples.find("inline.yaml:12:20: axes[2:lhs].lhs.samples: expected an integer >= 1, got 0"), std::string::npos)
      << samples;
}

TEST(SweepLoader, UnknownKeysSuggestTheRightOne) {
  const std::string p = problems(edit("replications: 2", "replication: 2"));
  EXPECT_NE(p.find("inline.yaml:3:1: replication: unknown key \"replication\"; did you mean \"replications\"?"),
            std::string::npos)
      << p;
  const std::string axis = problems(edit("    values: [1, 2]", "    valeus: [1, 2]"));
  EXPECT_NE(axis.find("inline.yaml:9:5: axes[0:grid_workers.per_grid].valeus: unknown key \"valeus\"; did you mean "
                      "\"values\"?"),
            std::string::npos)
      << axis;
}

// Issue 12: `store:` asks each run to keep its daily series and grids; off unless asked.
TEST(SweepLoader, StoreSaysWhatEachRunKeeps) {
  const SweepSpec plain = load_sweep_string(kGood, kFile);
  EXPECT_FALSE(plain.store_daily);
  EXPECT_FALSE(plain.store_grids);
  const SweepSpec both = load_sweep_string(std::string(kGood) + "store: {daily: true, grids: true}\n", kFile);
  EXPECT_TRUE(both.store_daily);
  EXPECT_TRUE(both.store_grids);
  const std::string typo = problems(std::string(kGood) + "store: {dialy: true}\n");
  EXPECT_NE(typo.find("inline.yaml:19:9: store.dialy: unknown key \"dialy\"; did you mean \"daily\"?"), std::string::npos)
      << typo;
  const std::string value = problems(std::string(kGood) + "store: {grids: please}\n");
  EXPECT_NE(value.find("inline.yaml:19:16: store.grids: expected true or false"), std::string::npos) << value;
  const std::string form = problems(std::string(kGood) + "store: daily\n");
  EXPECT_NE(form.find("inline.yaml:19:8: store: expected a map {daily: true|false, grids: true|false}"), std::string::npos)
      << form;
}

TEST(SweepLoader, AxisFormsAreExclusive) {
  const std::string both = problems(edit("    values: [1, 2]", "    values: [1, 2]\n    range: {from: 1, to: 2, step: 1}"));
  EXPECT_NE(both.find("inline.yaml:8:5: axes[0:grid_workers.per_grid]: expected either values or range in an axis, got both"),
            std::string::npos)
      << both;
  const std::string empty = problems(edit("values: [1, 2]", "values: []"));
  EXPECT_NE(empty.find("inline.yaml:9:13: axes[0:grid_workers.per_grid].values: expected a non-empty list of values, got "
                       "an empty list"),
            std::string::npos)
      << empty;
}

TEST(SweepLoader, AKeyIsSweptInOnePlaceOnly) {
  const std::string twice = problems(edit("key: grid_workers.patrols_per_day", "key: grid_workers.per_grid"));
  EXPECT_NE(twice.find("inline.yaml:10:10: axes[1:grid_workers.per_grid].key: expected each scenario key in one place "
                       "only, got \"grid_workers.per_grid\" again (first in axes[0:grid_workers.per_grid] at line 8)"),
            std::string::npos)
      << twice;
  const std::string seed = problems(edit("key: grid_workers.patrols_per_day", "key: run.seed"));
  EXPECT_NE(seed.find("inline.yaml:10:10: axes[1:run.seed].key: expected a key other than run.seed"), std::string::npos)
      << seed;
}

TEST(SweepLoader, MissingBaseNamesThePathLookedAt) {
  const std::string p = problems(edit("../../../../../scenarios/district.yaml", "nowhere.yaml"));
  EXPECT_NE(p.find("inline.yaml:2:7: base: expected a readable scenario file (relative to the sweep file), got "
                   "\"nowhere.yaml\" (no file at "),
            std::string::npos)
      << p;
}

// Issue 13: `govgrid sweep /dev/zero` read about 2 GB and died with std::bad_alloc; a base
// that is a device was read whole too.
TEST(SweepLoader, ReadsOnlyRegularFiles) {
  try {
    load_sweep_file("/dev/zero");
    FAIL() << "loaded /dev/zero";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "/dev/zero: expected a sweep file, got a character device (not a regular file)");
  }
  const std::string p = problems(edit("../../../../../scenarios/district.yaml", "/dev/zero"));
  EXPECT_NE(p.find("base: expected a readable scenario file (relative to the sweep file), got \"/dev/zero\" (a "
                   "character device (not a regular file) at /dev/zero)"),
            std::string::npos)
      << p;
  const std::string text = problems("root:$6$saltsalt$0123:19000:0:99999:7:::\n");
  EXPECT_EQ(text.find("saltsalt"), std::string::npos) << text;
}

TEST(SweepLoader, SyntaxErrorHasItsPlace) {
  const std::string p = problems("name: t\naxes: [\n");
  EXPECT_NE(p.find("inline.yaml:"), std::string::npos);
  EXPECT_NE(p.find("expected valid YAML, got a syntax error"), std::string::npos) << p;
}

TEST(SweepPoints, UnknownScenarioKeyIsReportedAtTheAxisValue) {
  const std::string p = problems(edit("key: grid_workers.per_grid", "key: grid_workers.per_grdi"));
  // Every point carries the bad key; it is reported once, at each value, naming the points.
  EXPECT_NE(p.find("inline.yaml:9:14: axes[0:grid_workers.per_grdi].values[0]: grid_workers.per_grdi: unknown key "
                   "\"per_grdi\"; did you mean \"per_grid\"?"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("(sweep points 0, 1, 2, 3, 4, 5, 6, 7 and 10 more)"), std::string::npos) << p;
  EXPECT_NE(p.find("inline.yaml:9:17: axes[0:grid_workers.per_grdi].values[1]"), std::string::npos) << p;
}

TEST(SweepPoints, ABadValueNamesOnlyItsPoints) {
  const std::string p = problems(edit("values: [1, 2]", "values: [1, -2]"));
  EXPECT_NE(p.find("inline.yaml:9:17: axes[0:grid_workers.per_grid].values[1]: grid_workers.per_grid: expected a number "
                   "> 0 and at most 1000, got -2 (sweep points 18, 19, 20, 21, 22, 23, 24, 25 and 10 more)"),
            std::string::npos)
      << p;
  EXPECT_EQ(p.find("values[0]"), std::string::npos) << p;
}

TEST(SweepPoints, LhsAndCasesAndSetProblemsPointAtTheirPlace) {
  const std::string lhs = problems(edit("{from: 0.5, to: 0.9}", "{from: 0.5, to: 1.9}"));
  EXPECT_NE(lhs.find("inline.yaml:14:30: axes[2:lhs].ranges.handling.rating_share: handling.rating_share: expected a "
                     "share between 0 and 1, got 1."),
            std::string::npos)
      << lhs;
  const std::string cases = problems(edit("policies.dispatch: pooling", "policies.dispatch: maybe"));
  EXPECT_NE(cases.find("inline.yaml:18:36: axes[3:remedy].cases.pooling.policies.dispatch: policies.dispatch: expected "
                       "one of own_grid|pooling|neighbour_help, got the string \"maybe\""),
            std::string::npos)
      << cases;
  const std::string set = problems(edit("world.generate.streets: 2", "world.generate.streets: 0"));
  EXPECT_NE(set.find("inline.yaml:6:27: set.world.generate.streets: world.generate.streets: expected"), std::string::npos)
      << set;
  EXPECT_NE(set.find("(every sweep point, 36 of them)"), std::string::npos) << set;
}

}  // namespace
}  // namespace govgrid
