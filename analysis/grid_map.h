// A generated map of a world's grids, for scenarios without real boundaries: every report can
// then show shapes. Streets, their communities and their grids are laid out as nested blocks
// (a treemap: each block's area in proportion to its residents), in longitude/latitude near
// central Beijing at an urban core's density. The layout is schematic: it keeps who borders whom
// inside a community and a street, not any real geography, and says so in the file.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/model/world.h"

namespace govgrid {

/// Residents per km² the generated map assumes (Beijing's core districts, 东城 and 西城: about
/// 17,000–22,000 per km², district yearbooks [E]).
inline constexpr double kGeneratedMapDensityPerKm2 = 20000.0;

/// A GeoJSON FeatureCollection: one Polygon per grid with properties grid (its name, as in
/// grids.csv), community, community_zh, street, street_zh and residents; one per street with properties
/// outline: "street", street, street_zh and label_lon/label_lat (where to write its name), for
/// maps to draw over the grids; a top-level "govgrid" member marks it {"generated": true, …} so
/// that reports call it schematic.
nlohmann::json generated_grid_map(const World& world);

/// True for a FeatureCollection that generated_grid_map() wrote.
bool is_generated_grid_map(const nlohmann::json& geojson);

}  // namespace govgrid
