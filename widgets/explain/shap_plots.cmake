# loupe_shap_plots: the SHAP plots drawn with QPainter (QtGui + QtSvg only, no Widgets), so
# loupe-cli links the same plots the Explain view shows. Included from widgets/explain, and from
# the top level when LOUPE_GUI is OFF, since loupe-cli needs it either way.
find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Svg)
add_library(loupe_shap_plots STATIC
    ${CMAKE_CURRENT_LIST_DIR}/plot_axes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/plot_dots.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shap_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shap_summary_painter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shap_bar_painter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shap_force_painter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shap_waterfall_painter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shap_dependence_painter.cpp)
target_include_directories(loupe_shap_plots PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(loupe_shap_plots PUBLIC Loupe::core Qt6::Gui Qt6::Svg loupe_options)
