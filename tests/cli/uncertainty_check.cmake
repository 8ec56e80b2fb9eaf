# Issue 12: a scenario's `uncertainty:` block draws its parameters per replication, so its
# intervals are wider than the same scenario's without it, and the report names the parameter
# that drives the spread most (district_uncertain.yaml: resolved_if_fixed moves 解决率 and 满意率).
# Inputs: GOVGRID, ROOT, OUT.
file(REMOVE_RECURSE ${OUT})
foreach(s district district_uncertain)
  execute_process(COMMAND ${GOVGRID} run ${ROOT}/scenarios/${s}.yaml -q -r 8 --days 60 --out ${OUT}/${s}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${s}: exit ${rc}\n${err}")
  endif()
  file(READ ${OUT}/${s}/summary.json j)
  string(JSON hw_${s} GET "${j}" metrics three_rate_score half_width)
endforeach()
if(NOT EXISTS ${OUT}/district_uncertain/uncertainty.csv OR EXISTS ${OUT}/district/uncertainty.csv)
  message(FATAL_ERROR "uncertainty.csv: expected in district_uncertain's run only")
endif()
if(NOT hw_district_uncertain GREATER hw_district)
  message(FATAL_ERROR "expected a wider interval with uncertainty: ${hw_district_uncertain} vs ${hw_district}")
endif()
execute_process(COMMAND ${GOVGRID} report ${OUT}/district ${OUT}/district_uncertain --out ${OUT}/report.html
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "report: exit ${rc}\n${err}")
endif()
file(READ ${OUT}/report.html html)
string(FIND "${html}" "data-top=\"outcomes.resolved_if_fixed\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the report does not name outcomes.resolved_if_fixed as the main driver of the spread")
endif()
message(STATUS "three_rate_score half-width: ${hw_district} without, ${hw_district_uncertain} with uncertainty")
