# Drives report.browser: runs small real scenarios, writes reports with `govgrid report` (and
# the one `govgrid run` writes itself), checks bad input exits 2, prints a PDF; runs the three
# shipped sweeps small (one street, 30 days: about 10 s) and reports them; then checks every
# report in headless Chromium with browser_test.mjs.
cmake_minimum_required(VERSION 3.25)
foreach(v GOVGRID NODE CHROMIUM WEB SCENARIO SWEEPS SCRIPT OUT)
  if(NOT ${v} OR "${${v}}" MATCHES "NOTFOUND$")
    message(FATAL_ERROR "report.browser: ${v} is not set or not found ('${${v}}'); run scripts/setup.sh")
  endif()
endforeach()
set(runs ${OUT}/runs)
file(REMOVE_RECURSE ${runs})
file(REMOVE ${OUT}/report_en.html ${OUT}/report_zh.html ${OUT}/report_geo.html ${OUT}/report_en.pdf ${OUT}/report_city_en.html)
set(sweeps ${OUT}/sweeps)
file(REMOVE_RECURSE ${sweeps})

function(govgrid)
  execute_process(COMMAND ${GOVGRID} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "govgrid ${ARGN}: exit ${rc}\n${out}\n${err}")
  endif()
endfunction()

function(expect_exit code expect)
  execute_process(COMMAND ${GOVGRID} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL ${code} OR NOT err MATCHES "${expect}")
    message(FATAL_ERROR "govgrid ${ARGN}: expected exit ${code} and '${expect}', got exit ${rc}:\n${err}")
  endif()
endfunction()

set(small run ${SCENARIO} --set world.generate.streets=3 --days 60 -r 3 -q)
govgrid(${small} --out ${runs}/baseline)
govgrid(${small} --set grid_workers.per_grid=2 --set name=more_workers --out ${runs}/more_workers)
# The name also holds U+2028 and U+2029 (issue 13: they broke four charts).
govgrid(${small} --seed 7 --set "name=\"<script>alert(1)</script>\\u2028\\u2029\"" --lang zh --out ${runs}/script_name)
# A city of two districts, one short of department crews: its district ranking (区排名).
govgrid(run ${SCENARIO} --days 60 -r 3 -q --lang zh --set name=city --out ${runs}/city --set
        "world={districts: [{name: east, name_zh: 东区, generate: {streets: 2}}, {name: west, name_zh: 西区, generate: {streets: 2}, department_crews_factor: 0.02}]}")
foreach(d baseline more_workers script_name city)
  if(NOT EXISTS ${runs}/${d}/report.html)
    message(FATAL_ERROR "govgrid run did not write ${runs}/${d}/report.html")
  endif()
endforeach()

set(dirs ${runs}/baseline ${runs}/more_workers ${runs}/script_name)
govgrid(report ${dirs} --out ${OUT}/report_en.html --lang en --pdf ${OUT}/report_en.pdf)
govgrid(report ${dirs} --out ${OUT}/report_zh.html --lang zh --baseline district)
govgrid(report ${runs}/baseline ${runs}/city --out ${OUT}/report_city_en.html --lang en)
file(READ ${OUT}/report_en.pdf pdf_head LIMIT 5)
if(NOT pdf_head MATCHES "^%PDF-")
  message(FATAL_ERROR "--pdf wrote no PDF: ${OUT}/report_en.pdf starts with '${pdf_head}'")
endif()

# Grid shapes: copies of two runs with a grids.geojson each draw geoshape maps instead of tiles.
foreach(d baseline more_workers)
  file(COPY ${runs}/${d} DESTINATION ${runs}/geo)
endforeach()
execute_process(COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/make_geojson.mjs ${runs}/geo/baseline ${runs}/geo/more_workers
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_geojson.mjs failed (exit ${rc})")
endif()
govgrid(report ${runs}/geo/baseline ${runs}/geo/more_workers --out ${OUT}/report_geo.html)

expect_exit(2 "no summary.json" report ${runs} --out ${OUT}/bad.html)
expect_exit(2 "no scenario named 'nope'.*'district'.*'more_workers'" report ${dirs} --baseline nope --out ${OUT}/bad.html)

# Sweep reports (issue 12): a range axis with a budget, a values × cases sweep (curves and
# heatmaps) and a Latin hypercube, each run small.
foreach(s staffing pushed_down_remedies sensitivity_lhs)
  govgrid(sweep ${SWEEPS}/${s}.yaml --out ${sweeps}/${s} --set world.generate.streets=1 --set run.days=30
          --set run.warmup_days=5 -q)
endforeach()
govgrid(report ${sweeps}/staffing --out ${OUT}/sweep_staffing_zh.html --lang zh --budget 60000000)
govgrid(report ${sweeps}/pushed_down_remedies --out ${OUT}/sweep_remedies_zh.html --lang zh)
govgrid(report ${sweeps}/sensitivity_lhs --out ${OUT}/sweep_lhs_en.html --lang en)
expect_exit(2 "is reported on its own" report ${sweeps}/staffing ${runs}/baseline --out ${OUT}/bad.html)
expect_exit(2 "a sweep.s report has none" report ${sweeps}/staffing --baseline district --out ${OUT}/bad.html)
set(heatmaps heat_response_rate,heat_resolution_rate,heat_satisfaction_rate,heat_three_rate_score,heat_total_cost_per_year)

execute_process(
  COMMAND ${NODE} ${SCRIPT} --web ${WEB} --chromium ${CHROMIUM} --shots ${OUT}
    --sweep "${OUT}/sweep_staffing_zh.html::zh::curve_0::11"
    --sweep "${OUT}/sweep_remedies_zh.html::zh::curve_0,curve_1,${heatmaps}::32"
    --sweep "${OUT}/sweep_lhs_en.html::en::lhs_0::40"
    --report "${OUT}/report_en.html::en::${runs}/baseline,,${runs}/more_workers,,${runs}/script_name"
    --report "${OUT}/report_zh.html::zh::${runs}/baseline,,${runs}/more_workers,,${runs}/script_name"
    --report "${runs}/script_name/report.html::zh::${runs}/script_name"
    --report "${runs}/baseline/report.html::en::${runs}/baseline"
    --report "${runs}/city/report.html::zh::${runs}/city"
    --report "${OUT}/report_city_en.html::en::${runs}/baseline,,${runs}/city"
    --report "${OUT}/report_geo.html::en::${runs}/geo/baseline,,${runs}/geo/more_workers"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "browser_test.mjs failed (exit ${rc})")
endif()
