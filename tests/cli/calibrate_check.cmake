# govgrid calibrate end to end (issue 10):
#  - bad logs (missing columns, unparseable dates, closed before opened, empty, binary junk) exit 2
#    with the file, line and column, and leave nothing in DIR but log-problems.txt;
#  - the SF311 test sample (2,500 cases) calibrates: calibrated.yaml loads, fit.json and both
#    pages exist, and the held-out period is reproduced (KS of time to close, volume).
# Inputs: GOVGRID, ROOT (the source tree), OUT (a scratch directory).
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(map ${ROOT}/scenarios/case_logs/12345.yaml)
set(base ${ROOT}/tests/analysis/calibration/recovery_base.yaml)
set(header "工单编号,来电时间,派单时间,签收时间,办结时间,诉求类别,承办单位,是否解决,是否满意\n")
file(WRITE ${OUT}/missing.csv "工单编号,来电时间\nA1,2025-03-01 08:00:00\n")
file(WRITE ${OUT}/dates.csv "${header}A1,yesterday,,,,市容环境,street,,\n")
file(WRITE ${OUT}/reversed.csv "${header}A1,2025-03-02 08:00:00,,,2025-03-01 08:00:00,市容环境,street,,\n")
file(WRITE ${OUT}/empty.csv "")
string(RANDOM LENGTH 3000 RANDOM_SEED 7 junk)
file(WRITE ${OUT}/junk.csv "\"${junk}")
foreach(case IN ITEMS "missing|missing.csv:1: expected a column" "dates|dates.csv:2:2: opened time \"yesterday\""
                      "reversed|reversed.csv:2:5: closed" "empty|empty.csv:1: expected a header row"
                      "junk|junk.csv: expected a CSV case log")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 expect)
  set(dir ${OUT}/${name}_out)
  execute_process(COMMAND ${GOVGRID} calibrate ${OUT}/${name}.csv --map ${map} --base ${base} --out ${dir} -q
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${name}: expected exit code 2, got ${rc}:\n${out}\n${err}")
  endif()
  string(FIND "${err}" "${expect}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${name}: stderr lacks '${expect}':\n${err}")
  endif()
  file(GLOB written RELATIVE ${dir} ${dir}/*)
  if(NOT written STREQUAL "log-problems.txt")
    message(FATAL_ERROR "${name}: expected only log-problems.txt in ${dir}, got '${written}'")
  endif()
endforeach()

# A real log: the SF311 test sample, trained before 2015, 2015 onwards held out.
set(dir ${OUT}/sf311)
execute_process(COMMAND ${GOVGRID} calibrate ${ROOT}/tests/data/sf311_sample_2500.csv
                        --map ${ROOT}/scenarios/case_logs/sf311.yaml --base ${ROOT}/scenarios/sf311_base.yaml
                        --out ${dir} --train-until 2015-01-01 --budget 60 -q
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sf311: expected exit code 0, got ${rc}:\n${out}\n${err}")
endif()
message(STATUS "${out}")
foreach(f calibrated.yaml fit.json fit.html fit.zh.html skipped-rows.csv)
  if(NOT EXISTS ${dir}/${f})
    message(FATAL_ERROR "sf311: ${f} was not written")
  endif()
endforeach()
execute_process(COMMAND ${GOVGRID} validate ${dir}/calibrated.yaml RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sf311: calibrated.yaml does not load:\n${out}\n${err}")
endif()
file(READ ${dir}/fit.json fit)
string(JSON ks GET "${fit}" test ks_overall)
string(JSON volume GET "${fit}" test daily_volume_ratio)
# 577 held-out cases: the KS distance of a perfect model is about 0.04 at this size.
if(ks GREATER 0.12 OR volume LESS 0.8 OR volume GREATER 1.2)
  message(FATAL_ERROR "sf311: held-out KS ${ks} (expected <= 0.12), volume ratio ${volume} (expected 0.8–1.2)")
endif()
# The pages draw in a browser (when node and Chromium are there: scripts/setup.sh installs both).
if(CHROMIUM AND NODE)
  execute_process(COMMAND ${NODE} ${ROOT}/tests/analysis/calibration/fit_page_check.mjs --web ${ROOT}/analysis/report/web
                          --chromium ${CHROMIUM} --shots ${OUT}/shots --fit ${dir}/fit.json ${dir}/fit.html ${dir}/fit.zh.html
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sf311: the fit pages failed in the browser:\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endif()
file(READ ${dir}/skipped-rows.csv skipped)
string(FIND "${skipped}" "before it opened" at)
if(at EQUAL -1)
  message(FATAL_ERROR "sf311: skipped-rows.csv does not list the rows closed before they opened")
endif()
