use crate::attacks::Attack;

pub fn attacks() -> Vec<Attack> {
    vec![]
}
