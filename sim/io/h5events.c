#include "h5events.h"

#include <stdio.h>

#include <hdf5_hl.h>

#include "h5util.h"

/* A 1-D dataset along the event scale, with units and a description. */
static herr_t write_column(hid_t group, hid_t scale, const char *name,
                           hid_t file_type, hid_t mem_type, const void *data,
                           hsize_t n, const char *units,
                           const char *description)
{
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t dset = space >= 0 ? H5Dcreate2(group, name, file_type, space,
                                         H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                            : H5I_INVALID_HID;
    herr_t st = -1;
    if (dset >= 0 && h5u_write_all(dset, mem_type, data) >= 0 &&
        H5DSattach_scale(dset, scale, 0) >= 0 &&
        (units == NULL || h5u_attr_string(dset, "units", units) >= 0) &&
        h5u_attr_string(dset, "description", description) >= 0)
        st = 0;
    if (dset >= 0)
        H5Dclose(dset);
    if (space >= 0)
        H5Sclose(space);
    return st;
}

static herr_t write_strings(hid_t group, hid_t scale, const char *name,
                            const char *const *values, hsize_t n,
                            const char *description)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    herr_t st = -1;
    if (type >= 0 && H5Tset_size(type, H5T_VARIABLE) >= 0 &&
        H5Tset_cset(type, H5T_CSET_UTF8) >= 0)
        st = write_column(group, scale, name, type, type, values, n, NULL,
                          description);
    if (type >= 0)
        H5Tclose(type);
    return st;
}

herr_t h5events_write(hid_t loc, const struct scenario *sc)
{
    const struct org_events *evs = &sc->org.events;
    int n = evs->count;
    if (n == 0)
        return 0;
    long month[ORG_EVENTS_MAX];
    double value[ORG_EVENTS_MAX];
    const char *op[ORG_EVENTS_MAX], *setting[ORG_EVENTS_MAX],
        *unit[ORG_EVENTS_MAX], *source[ORG_EVENTS_MAX];
    for (int i = 0; i < n; i++) {
        const struct org_event *ev = &evs->list[i];
        const struct param_desc *p = param_table_find(
            org_model.params, org_model.n_params, sc->events[i].path);
        month[i] = ev->month;
        value[i] = ev->value;
        op[i] = ev->op == ORG_EVENT_SET ? "set" : "add";
        setting[i] = sc->events[i].path;
        unit[i] = p != NULL ? p->unit : "-";
        source[i] = sc->events[i].where;
    }
    hsize_t count = (hsize_t)n;
    hid_t group =
        H5Gcreate2(loc, "events", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t scale = group >= 0
                      ? h5u_index_scale(group, "event", 0, n, "1",
                                        "dated event of the scenario, in the "
                                        "order they apply")
                      : H5I_INVALID_HID;
    herr_t st = -1;
    if (scale >= 0 &&
        h5u_attr_string(group, "description",
                        "dated changes of the organisation's settings, "
                        "applied at the start of their month in every "
                        "replicate (docs/model.md, Events)") >= 0 &&
        write_column(group, scale, "month", H5T_STD_I64LE, H5T_NATIVE_LONG,
                     month, count, "month",
                     "month at whose start the event applies") >= 0 &&
        write_strings(group, scale, "operation", op, count,
                      "set: the setting (or stock) takes the value; add: "
                      "the value is added to it") >= 0 &&
        write_strings(group, scale, "setting", setting, count,
                      "the setting's path in the scenario") >= 0 &&
        write_column(group, scale, "value", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                     value, count, NULL,
                     "the value set or added, in the setting's unit") >= 0 &&
        /* Each event's unit is its setting's: no one CF unit fits. */
        h5u_entry_units(group, "value", "unit", 0) >= 0 &&
        write_strings(group, scale, "unit", unit, count,
                      "unit of the setting and of value") >= 0 &&
        write_strings(group, scale, "source", source, count,
                      "file:line of the event in the scenario") >= 0)
        st = 0;
    if (scale >= 0)
        H5Dclose(scale);
    if (group >= 0)
        H5Gclose(group);
    return st;
}
