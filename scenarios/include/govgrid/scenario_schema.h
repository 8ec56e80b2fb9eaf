// The scenario schema as documentation, generated from the declarations the loader reads
// with (scenarios/detail/spec_reader.cpp): every key with its type and check, default, unit
// and meaning. `govgrid schema` prints it; scenarios/README.md holds the Markdown form.
#pragma once

#include <string>

namespace govgrid {

/// One Markdown table per map (and per type, such as a shift), then the retired keys.
std::string scenario_schema_markdown();

/// The same as padded text, one line per key with its full path.
std::string scenario_schema_text();

}  // namespace govgrid
