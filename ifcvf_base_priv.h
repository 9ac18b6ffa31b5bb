/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel IFCVF: what the files of the hardware layer (ifcvf_base.c,
 * ifcvf_status.c, ifcvf_lm.c) share among themselves. Nothing outside
 * that layer includes it: ifcvf_base.h is the layer's interface.
 */
#ifndef _IFCVF_BASE_PRIV_H
#define _IFCVF_BASE_PRIV_H

#include "ifcvf_base.h"

/* ifcvf_base.c */
int ifcvf_request_bar(struct ifcvf_hw *hw, int bar);

/* ifcvf_status.c */
void ifcvf_set_gone(struct ifcvf_hw *hw, bool gone);
bool ifcvf_confirm_gone(struct ifcvf_hw *hw);

/* ifcvf_lm.c */
void ifcvf_lm_write_state(struct ifcvf_hw *hw, u16 qid, u16 index);

#endif /* _IFCVF_BASE_PRIV_H */
