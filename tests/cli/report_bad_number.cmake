# Issue 13: `govgrid report` on a run directory whose daily.csv holds an absurd day crashed
# (SIGSEGV for 99999999999, std::bad_alloc for 1e8). It must answer exit code 2 with one line
# naming the file, line and column.
execute_process(COMMAND ${GOVGRID} run ${SCENARIO} --out ${OUT}/run --days 3 --set run.warmup_days=0 --replications 1 -q
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "govgrid run failed (${rc}):\n${err}")
endif()
file(STRINGS ${OUT}/run/daily.csv rows)
list(GET rows 0 header)
foreach(day 99999999999 1e8)
  file(WRITE ${OUT}/run/daily.csv "${header}\n0,${day},1,1,1,1,1,1,1,0.5\n")
  execute_process(COMMAND ${GOVGRID} report ${OUT}/run --out ${OUT}/report.html
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "day ${day}: expected exit code 2, got ${rc}:\n${out}\n${err}")
  endif()
  if(NOT err MATCHES "daily\\.csv:2:2: day: expected a day index from 0 to 2, got \"${day}\"\n$")
    message(FATAL_ERROR "day ${day}: expected one line naming daily.csv:2:2, got:\n${err}")
  endif()
endforeach()
