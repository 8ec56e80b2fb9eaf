# Drives report.ten_scenarios_zh: runs ten shipped scenarios (heavy load and its remedies) briefly,
# writes one Chinese report comparing them and prints it to PDF, then checks it in headless
# Chromium with ten_scenarios_test.mjs (screenshots in this build directory).
cmake_minimum_required(VERSION 3.25)
foreach(v GOVGRID NODE CHROMIUM WEB ROOT SCRIPT OUT)
  if(NOT ${v} OR "${${v}}" MATCHES "NOTFOUND$")
    message(FATAL_ERROR "report.ten_scenarios_zh: ${v} is not set or not found ('${${v}}'); run scripts/setup.sh")
  endif()
endforeach()
set(runs ${OUT}/ten_runs)
file(REMOVE_RECURSE ${runs})
set(scenarios heavy_load heavy_load_plus_one_worker heavy_load_responsibility_list heavy_load_resources_follow_tasks
  heavy_load_fewer_forms heavy_load_pooling heavy_load_neighbour_help heavy_load_volunteers heavy_load_escalation
  heavy_load_double_report)
set(dirs "")
foreach(s ${scenarios})
  execute_process(COMMAND ${GOVGRID} run ${ROOT}/scenarios/${s}.yaml --days 75 -r 2 -q --out ${runs}/${s}
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "govgrid run ${s}: exit ${rc}\n${err}")
  endif()
  list(APPEND dirs ${runs}/${s})
endforeach()
execute_process(COMMAND ${GOVGRID} report ${dirs} --lang zh --out ${OUT}/report_ten_zh.html --pdf ${OUT}/report_ten_zh.pdf
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "govgrid report: exit ${rc}\n${err}")
endif()
string(REPLACE ";" "," dir_list "${dirs}")
execute_process(COMMAND ${NODE} ${SCRIPT} --web ${WEB} --chromium ${CHROMIUM} --report ${OUT}/report_ten_zh.html
  --dirs ${dir_list} --shots ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ten_scenarios_test.mjs failed (exit ${rc})")
endif()
