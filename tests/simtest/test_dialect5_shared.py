"""The simulator tests that apply to both dialects, run again against `--dialect 5`.

Each test named in SHARED is imported from its module and run with a harness whose
simulators speak 5.x (simhelp.Dialect5); simhelp.call() sends 5.x's media types for the
1.9 ones the test names. The 1.9 run is the module's own. What a test checks that 5.x
does differently (status codes, fields, the ZooKeeper layout of 5.x-only objects) is
tested in test_dialect5.py instead, and such tests are not listed here: the bridge,
router, port and host CRUD tests of the 1.9 modules check 1.9's fields (vxLanPortId,
bgps, "/"-prefixed host addresses, 1.9's host PUT), 1.9's codes (400 where 5.x says 409,
500 on a duplicate id, 400 on a duplicate tunnel-zone name) or 1.9's ZooKeeper layout, so their 5.x versions are there; likewise test_groups, test_tunnel_zones' members, test_dhcp's
subnets and hosts, test_tables' MAC table and test_links (1.9's messages, media-type
versions and layout), whose 5.x versions are in test_dialect5_more.py.
"""
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from simhelp import Dialect5  # noqa: E402

SHARED = {
    "test_basics": ["test_delay_and_sigterm", "test_errors_and_paths", "test_login_mock",
                    "test_no_crash_on_odd_requests", "test_stats", "test_token_auth",
                    "test_two_simulators_share_zookeeper"],
    "test_chains": ["test_chain_delete_cascades", "test_fragment_policy", "test_positions"],
    "test_collections": ["test_collections_equal_per_object_gets",
                         "test_objects_deleted_during_a_list_are_left_out"],
    "test_dhcp": ["test_dhcp_v6"],
    "test_system": ["test_persistence_across_restart"],
    "test_tables": ["test_arp_table"],
    "test_traces": ["test_traces", "test_deleting_a_port_or_a_router_deletes_their_traces"],
    "test_l4lb": ["test_l4lb_objects", "test_router_load_balancer"],
}


def _wrap(fn):
    def test(h):
        return fn(Dialect5(h))
    if hasattr(fn, "timeout"):
        test.timeout = fn.timeout
    return test


for _mod, _names in SHARED.items():
    if not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), _mod + ".py")):
        continue
    _m = importlib.import_module(_mod)
    for _name in sorted(n for n in dir(_m) if n.startswith("test_")):
        if _names is not None and _name not in _names:
            continue
        globals()["test_d5_%s_%s" % (_mod[len("test_"):], _name[len("test_"):])] = \
            _wrap(getattr(_m, _name))
