# Fails when the schema tables of scenarios/README.md (between its schema markers) differ
# from `govgrid schema --markdown`: a key was added or changed without regenerating them.
# Usage: cmake -DGOVGRID=… -DREADME=… -DOUT=… -P schema_readme.cmake
execute_process(COMMAND ${GOVGRID} schema --markdown OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "govgrid schema --markdown failed (${rc})")
endif()
file(READ ${README} readme)
set(begin_marker "<!-- schema:begin -->\n")
set(end_marker "<!-- schema:end -->")
string(FIND "${readme}" "${begin_marker}" begin)
string(FIND "${readme}" "${end_marker}" end)
if(begin EQUAL -1 OR end EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "${README}: expected the markers ${begin_marker} and ${end_marker} around the schema tables")
endif()
string(LENGTH "${begin_marker}" skip)
math(EXPR from "${begin} + ${skip}")
math(EXPR length "${end} - ${from}")
string(SUBSTRING "${readme}" ${from} ${length} current)
if(NOT current STREQUAL generated)
  file(WRITE ${OUT} "${generated}")
  message(FATAL_ERROR "The schema tables of ${README} differ from `govgrid schema --markdown` (written to ${OUT}). "
                      "Regenerate them with scripts/update_schema_table.sh.")
endif()
